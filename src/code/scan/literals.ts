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

const escapeForClass = (chars: string): string => chars.replace(/[\\\]^-]/g, '\\$&');

/** The characters where code may change meaning: comment starts, braces, quotes. */
function codeStops(syntax: Syntax): RegExp {
  let chars = '{}"\'';
  if (syntax.slashComments || syntax.blockComments) chars += '/';
  if (syntax.hashComments) chars += '#';
  if (syntax.backtick !== 'none') chars += '`';
  return new RegExp(`[${escapeForClass(chars)}]`, 'g');
}

/** The characters where a string of this rule may end, escape or interpolate. */
function stringStops(rule: StringRule): RegExp {
  let chars = rule.quote[0];
  if (rule.escapes) chars += '\\';
  if (!rule.multiline) chars += '\n';
  if (rule.interpolation === '{') chars += '{}';
  else if (rule.interpolation) chars += rule.interpolation[0];
  return new RegExp(`[${escapeForClass(chars)}]`, 'g');
}

class Scanner {
  pos = 0;
  readonly literals: StringLiteral[] = [];
  readonly pieces: LiteralPiece[] = [];
  private readonly codeStops: RegExp;
  private readonly stringStops = new Map<string, RegExp>();

  constructor(
    private readonly text: string,
    private readonly syntax: Syntax,
  ) {
    this.codeStops = codeStops(syntax);
  }

  /** Code until the end, or (in an interpolation) until the `}` that closes it. */
  code(insideInterpolation: boolean): void {
    const { text, syntax } = this;
    const stops = this.codeStops;
    let depth = 0;
    for (;;) {
      stops.lastIndex = this.pos;
      const found = stops.exec(text);
      if (!found) {
        this.pos = text.length;
        return;
      }
      this.pos = found.index;
      const c = found[0];
      const next = text[this.pos + 1];
      if (c === '/') {
        if (next === '/' && syntax.slashComments) this.skipLine();
        else if (next === '*' && syntax.blockComments) this.skipBlockComment();
        else this.pos++;
      } else if (c === '#') this.skipLine();
      else if (c === '{') {
        depth++;
        this.pos++;
      } else if (c === '}') {
        this.pos++;
        if (insideInterpolation && depth === 0) return;
        depth--;
      } else if (c === '`') {
        this.string(this.pos, 0, syntax.backtick === 'template'
          ? { quote: '`', escapes: true, multiline: true, interpolation: '${' }
          : { quote: '`', escapes: false, multiline: true });
      } else this.quoted(c);
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

  /** A `"` or `'` at `pos`, with what is written right before it (`f"…"`, `rb'…'`, `$@"…"`). */
  private quoted(quote: string): void {
    const { text, syntax } = this;
    const at = this.pos;
    if (syntax.pythonStrings) {
      let start = at;
      while (start > at - 2 && start > 0 && /[rRuUbBfF]/.test(text[start - 1])) start--;
      const prefix = text.slice(start, at);
      const standsAlone = start === 0 || !isIdentifierChar(text.charCodeAt(start - 1));
      if (prefix && PYTHON_PREFIX.test(prefix) && standsAlone) this.pythonString(start, at - start, quote, prefix.toLowerCase());
      else this.pythonString(at, 0, quote, '');
      return;
    }
    if (syntax.csharpPrefixes && quote === '"') {
      let start = at;
      while (start > at - 2 && start > 0 && (text[start - 1] === '@' || text[start - 1] === '$')) start--;
      this.csharpString(start, text.slice(start, at));
      return;
    }
    const triple = quote === '"' && syntax.tripleDoubleQuotes && text.startsWith('"""', at);
    if (triple) {
      this.string(at, 0, { quote: '"""', escapes: syntax.language === 'java', multiline: true });
      return;
    }
    const multiline = syntax.language === 'ruby' || syntax.language === 'php';
    const interpolation = quote === '"' && syntax.hashInterpolation ? '#{' : undefined;
    this.string(at, 0, { quote, escapes: true, multiline, interpolation });
  }

  private pythonString(start: number, prefixLength: number, quote: string, prefix: string): void {
    const triple = this.text.startsWith(quote.repeat(3), start + prefixLength);
    this.string(start, prefixLength, {
      quote: triple ? quote.repeat(3) : quote,
      escapes: true,
      multiline: triple,
      interpolation: prefix.includes('f') ? '{' : undefined,
    });
  }

  /** C# `"…"`, `@"…"` (verbatim), `$"…"` (interpolated), `$@"…"`, `"""…"""` (raw). */
  private csharpString(start: number, prefix: string): void {
    const quoteAt = start + prefix.length;
    const interpolation = prefix.includes('$') ? '{' : undefined;
    if (this.text.startsWith('"""', quoteAt)) {
      this.string(start, prefix.length, { quote: '"""', escapes: false, multiline: true, interpolation });
      return;
    }
    const verbatim = prefix.includes('@');
    this.string(start, prefix.length, { quote: '"', escapes: !verbatim, multiline: verbatim, doubledQuote: verbatim, interpolation });
  }

  private stopsOf(rule: StringRule): RegExp {
    const key = `${rule.quote}|${rule.escapes}|${rule.multiline}|${rule.interpolation ?? ''}`;
    let stops = this.stringStops.get(key);
    if (!stops) this.stringStops.set(key, (stops = stringStops(rule)));
    return stops;
  }

  private string(start: number, prefixLength: number, rule: StringRule): void {
    const { text } = this;
    const literal: StringLiteral = { start, end: start, pieces: [], interpolated: false, closed: false };
    this.literals.push(literal);
    const stops = this.stopsOf(rule);
    let pos = start + prefixLength + rule.quote.length;
    let pieceStart = pos;
    let stopped = false;
    const endPiece = (end: number) => {
      const piece: LiteralPiece = { start: pieceStart, end, value: text.slice(pieceStart, end), literal };
      literal.pieces.push(piece);
      this.pieces.push(piece);
    };
    for (;;) {
      stops.lastIndex = pos;
      const found = stops.exec(text);
      if (!found) break;
      pos = found.index;
      const c = found[0];
      if (c === '\\') {
        pos += 2;
        continue;
      }
      if (c === rule.quote[0] && text.startsWith(rule.quote, pos)) {
        if (rule.doubledQuote && text[pos + 1] === '"') {
          pos += 2;
          continue;
        }
        endPiece(pos);
        pos += rule.quote.length;
        literal.closed = stopped = true;
        break;
      }
      if (c === '\n') {
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
