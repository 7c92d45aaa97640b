// Finds the string literals of a source file, skipping comments, in one pass. Interpolated strings
// (template strings, f-strings, `$"…"`, `"#{…}"`) are cut into the pieces of text between their
// expressions, and the expressions are scanned as code (they may hold string literals of their own).
// A string left open ends at the line's end when the language does not allow line breaks in it.
import type { Syntax } from './languages';

/** A stretch of a literal's text, between its delimiters and interpolations. */
export interface LiteralPiece {
  /** Offset of the first character of the text. */
  start: number;
  /** Offset just after the text. */
  end: number;
  /** The text as written (escapes are not decoded). */
  value: string;
  literal: StringLiteral;
}

export interface StringLiteral {
  /** Offset of the literal's first character (its prefix or opening quote). */
  start: number;
  /** Offset just after its closing quote (or where an unclosed literal stops). */
  end: number;
  pieces: LiteralPiece[];
  /** Holds `${…}`-like expressions: its pieces are not its whole text. */
  interpolated: boolean;
  closed: boolean;
}

export interface ScannedSource {
  literals: StringLiteral[];
  /** Every literal's pieces, in order of offset; they never overlap. */
  pieces: LiteralPiece[];
}

interface StringRule {
  quote: string;
  escapes: boolean;
  multiline: boolean;
  interpolation?: '${' | '{' | '#{';
  /** C# verbatim strings: `""` is one quote. */
  doubledQuote?: boolean;
}

const PYTHON_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;

const isIdentifierChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;

class Scanner {
  pos = 0;
  readonly literals: StringLiteral[] = [];
  readonly pieces: LiteralPiece[] = [];

  constructor(
    private readonly text: string,
    private readonly syntax: Syntax,
  ) {}

  /** Code until the end, or (in an interpolation) until the `}` that closes it. */
  code(insideInterpolation: boolean): void {
    const { text, syntax } = this;
    const length = text.length;
    let depth = 0;
    while (this.pos < length) {
      const c = text[this.pos];
      const next = text[this.pos + 1];
      if (c === '/' && next === '/' && syntax.slashComments) this.skipLine();
      else if (c === '/' && next === '*' && syntax.blockComments) this.skipBlockComment();
      else if (c === '#' && syntax.hashComments) this.skipLine();
      else if (c === '{') {
        depth++;
        this.pos++;
      } else if (c === '}') {
        this.pos++;
        if (insideInterpolation && depth === 0) return;
        depth--;
      } else if (c === '"' || c === "'") this.stringAt(this.pos, 0, c);
      else if (c === '`' && syntax.backtick !== 'none') {
        this.string(this.pos, 0, syntax.backtick === 'template'
          ? { quote: '`', escapes: true, multiline: true, interpolation: '${' }
          : { quote: '`', escapes: false, multiline: true });
      } else if ((c === '@' || c === '$') && syntax.csharpPrefixes) this.csharpString();
      else if (isIdentifierChar(c.charCodeAt(0))) this.word();
      else this.pos++;
    }
  }

  private skipLine(): void {
    const end = this.text.indexOf('\n', this.pos);
    this.pos = end === -1 ? this.text.length : end + 1;
  }

  private skipBlockComment(): void {
    const end = this.text.indexOf('*/', this.pos + 2);
    this.pos = end === -1 ? this.text.length : end + 2;
  }

  /** An identifier, or a Python string prefix (`f"…"`, `rb'…'`). */
  private word(): void {
    const { text } = this;
    const start = this.pos;
    let end = start;
    while (end < text.length && isIdentifierChar(text.charCodeAt(end))) end++;
    const quote = text[end];
    if (this.syntax.pythonStrings && (quote === '"' || quote === "'") && PYTHON_PREFIX.test(text.slice(start, end))) {
      this.stringAt(start, end - start, quote, text.slice(start, end).toLowerCase());
      return;
    }
    this.pos = end;
  }

  /** `"…"` or `'…'` (or a triple-quoted one) starting at `start` after a prefix of `prefixLength`. */
  private stringAt(start: number, prefixLength: number, quote: string, pythonPrefix = ''): void {
    const { text, syntax } = this;
    const at = start + prefixLength;
    const triple = text.startsWith(quote.repeat(3), at);
    if (syntax.pythonStrings) {
      this.string(start, prefixLength, {
        quote: triple ? quote.repeat(3) : quote,
        escapes: true,
        multiline: triple,
        interpolation: pythonPrefix.includes('f') ? '{' : undefined,
      });
    } else if (triple && quote === '"' && syntax.tripleDoubleQuotes) {
      this.string(start, prefixLength, { quote: '"""', escapes: syntax.language === 'java', multiline: true });
    } else {
      const multiline = syntax.language === 'ruby' || syntax.language === 'php';
      const interpolation = quote === '"' && syntax.hashInterpolation ? '#{' : undefined;
      this.string(start, prefixLength, { quote, escapes: true, multiline, interpolation });
    }
  }

  /** C# `@"…"`, `$"…"`, `$@"…"`, `@$"…"`; anything else starting with `@` or `$` is code. */
  private csharpString(): void {
    const { text } = this;
    const start = this.pos;
    let end = start;
    while (end < start + 2 && (text[end] === '@' || text[end] === '$')) end++;
    if (text[end] !== '"') {
      this.pos = start + 1;
      return;
    }
    const prefix = text.slice(start, end);
    if (text.startsWith('"""', end)) {
      this.string(start, end - start, { quote: '"""', escapes: false, multiline: true, interpolation: prefix.includes('$') ? '{' : undefined });
      return;
    }
    const verbatim = prefix.includes('@');
    this.string(start, end - start, {
      quote: '"',
      escapes: !verbatim,
      multiline: verbatim,
      doubledQuote: verbatim,
      interpolation: prefix.includes('$') ? '{' : undefined,
    });
  }

  private string(start: number, prefixLength: number, rule: StringRule): void {
    const { text } = this;
    const literal: StringLiteral = { start, end: start, pieces: [], interpolated: false, closed: false };
    this.literals.push(literal);
    let pos = start + prefixLength + rule.quote.length;
    let pieceStart = pos;
    let stopped = false;
    const endPiece = (end: number) => {
      const piece: LiteralPiece = { start: pieceStart, end, value: text.slice(pieceStart, end), literal };
      literal.pieces.push(piece);
      this.pieces.push(piece);
    };
    while (pos < text.length) {
      const c = text[pos];
      if (c === '\\' && rule.escapes) {
        pos += 2;
        continue;
      }
      if (text.startsWith(rule.quote, pos)) {
        if (rule.doubledQuote && text[pos + 1] === '"') {
          pos += 2;
          continue;
        }
        endPiece(pos);
        pos += rule.quote.length;
        literal.closed = stopped = true;
        break;
      }
      if (c === '\n' && !rule.multiline) {
        endPiece(pos);
        stopped = true;
        break;
      }
      const opens = rule.interpolation === '{' ? c === '{' && text[pos + 1] !== '{' : rule.interpolation !== undefined && text.startsWith(rule.interpolation, pos);
      if (opens) {
        endPiece(pos);
        literal.interpolated = true;
        this.pos = pos + rule.interpolation!.length;
        this.code(true);
        pos = pieceStart = this.pos;
        continue;
      }
      // `{{` and `}}` are literal braces where `{` interpolates.
      pos += rule.interpolation === '{' && (c === '{' || c === '}') && text[pos + 1] === c ? 2 : 1;
    }
    if (!stopped) endPiece((pos = text.length));
    literal.end = Math.min(pos, text.length);
    this.pos = literal.end;
  }
}

export function scanSource(text: string, syntax: Syntax): ScannedSource {
  const scanner = new Scanner(text, syntax);
  scanner.code(false);
  return { literals: scanner.literals, pieces: scanner.pieces };
}

/** The piece of a literal whose text holds `offset` (its ends included), if any. */
export function pieceAt(pieces: readonly LiteralPiece[], offset: number): LiteralPiece | undefined {
  let low = 0;
  let high = pieces.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const piece = pieces[middle];
    if (offset < piece.start) high = middle - 1;
    else if (offset > piece.end) low = middle + 1;
    else return piece;
  }
  return undefined;
}
