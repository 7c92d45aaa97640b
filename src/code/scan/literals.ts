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
  /** The characters where such a string may end, escape or interpolate (by char code below 128). */
  stops: Uint8Array;
}

function stopTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

function rule(
  quote: string,
  escapes: boolean,
  multiline: boolean,
  interpolation?: StringRule['interpolation'],
  doubledQuote?: boolean,
): StringRule {
  let stops = quote[0];
  if (escapes) stops += '\\';
  if (!multiline) stops += '\n';
  if (interpolation === '{') stops += '{}';
  else if (interpolation) stops += interpolation[0];
  return { quote, escapes, multiline, interpolation, doubledQuote, stops: stopTable(stops) };
}

const SINGLE = "'";
const DOUBLE = '"';
const TRIPLE_SINGLE = SINGLE.repeat(3);
const TRIPLE_DOUBLE = DOUBLE.repeat(3);

// Every kind of string of the eight languages, made once (this bundle loads only when needed).
const PLAIN: Record<string, StringRule> = { [SINGLE]: rule(SINGLE, true, false), [DOUBLE]: rule(DOUBLE, true, false) };
const MULTILINE: Record<string, StringRule> = {
  [SINGLE]: rule(SINGLE, true, true),
  [DOUBLE]: rule(DOUBLE, true, true),
};
const RUBY_DOUBLE = rule(DOUBLE, true, true, '#{');
const JS_TEMPLATE = rule('`', true, true, '${');
const GO_RAW = rule('`', false, true);
const PYTHON_PLAIN: Record<string, StringRule> = {
  [SINGLE]: rule(SINGLE, true, false),
  [DOUBLE]: rule(DOUBLE, true, false),
  [TRIPLE_SINGLE]: rule(TRIPLE_SINGLE, true, true),
  [TRIPLE_DOUBLE]: rule(TRIPLE_DOUBLE, true, true),
};
const PYTHON_FORMATTED: Record<string, StringRule> = {
  [SINGLE]: rule(SINGLE, true, false, '{'),
  [DOUBLE]: rule(DOUBLE, true, false, '{'),
  [TRIPLE_SINGLE]: rule(TRIPLE_SINGLE, true, true, '{'),
  [TRIPLE_DOUBLE]: rule(TRIPLE_DOUBLE, true, true, '{'),
};
const JAVA_TEXT_BLOCK = rule(TRIPLE_DOUBLE, true, true);
const CSHARP_RAW = rule(TRIPLE_DOUBLE, false, true);
const CSHARP_RAW_INTERPOLATED = rule(TRIPLE_DOUBLE, false, true, '{');
const CSHARP_VERBATIM = rule(DOUBLE, false, true, undefined, true);
const CSHARP_VERBATIM_INTERPOLATED = rule(DOUBLE, false, true, '{', true);
const CSHARP_INTERPOLATED = rule(DOUBLE, true, false, '{');

/** A character the scanner passes over: not one of the stops (all stops are ASCII). */
const isPlain = (code: number, stops: Uint8Array): boolean => code >= 128 || stops[code] === 0;

const PYTHON_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;
const PYTHON_PREFIX_CHARS = stopTable('rRuUbBfF');

const isIdentifierChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;

/** The characters where code may change meaning: comment starts, braces, quotes. */
function codeStops(syntax: Syntax): Uint8Array {
  let chars = '{}"' + SINGLE;
  if (syntax.slashComments || syntax.blockComments) chars += '/';
  if (syntax.hashComments) chars += '#';
  if (syntax.backtick !== 'none') chars += '`';
  return stopTable(chars);
}

class Scanner {
  pos = 0;
  readonly literals: StringLiteral[] = [];
  readonly pieces: LiteralPiece[] = [];
  private readonly codeStops: Uint8Array;

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
    const length = text.length;
    let depth = 0;
    for (;;) {
      let pos = this.pos;
      while (pos < length && isPlain(text.charCodeAt(pos), stops)) pos++;
      this.pos = pos;
      if (pos >= length) return;
      const c = text[pos];
      const next = text[pos + 1];
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
      } else if (c === '`') this.string(pos, 0, syntax.backtick === 'template' ? JS_TEMPLATE : GO_RAW);
      else this.quoted(c);
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

  /** A quote at `pos`, with what is written right before it (`f"…"`, `rb'…'`, `$@"…"`). */
  private quoted(quote: string): void {
    const { text, syntax } = this;
    const at = this.pos;
    if (syntax.pythonStrings) {
      let start = at;
      while (
        start > at - 2 &&
        start > 0 &&
        text.charCodeAt(start - 1) < 128 &&
        PYTHON_PREFIX_CHARS[text.charCodeAt(start - 1)] === 1
      )
        start--;
      let formatted = false;
      if (start < at) {
        const prefix = text.slice(start, at);
        const standsAlone = start === 0 || !isIdentifierChar(text.charCodeAt(start - 1));
        if (standsAlone && PYTHON_PREFIX.test(prefix)) formatted = /[fF]/.test(prefix);
        else start = at;
      }
      const kinds = formatted ? PYTHON_FORMATTED : PYTHON_PLAIN;
      const triple = quote === SINGLE ? TRIPLE_SINGLE : TRIPLE_DOUBLE;
      this.string(start, at - start, text.startsWith(triple, at) ? kinds[triple] : kinds[quote]);
      return;
    }
    if (syntax.csharpPrefixes && quote === DOUBLE) {
      let start = at;
      while (start > at - 2 && start > 0 && (text[start - 1] === '@' || text[start - 1] === '$')) start--;
      const prefix = text.slice(start, at);
      const interpolated = prefix.includes('$');
      let chosen: StringRule;
      if (text.startsWith(TRIPLE_DOUBLE, at)) chosen = interpolated ? CSHARP_RAW_INTERPOLATED : CSHARP_RAW;
      else if (prefix.includes('@')) chosen = interpolated ? CSHARP_VERBATIM_INTERPOLATED : CSHARP_VERBATIM;
      else chosen = interpolated ? CSHARP_INTERPOLATED : PLAIN[DOUBLE];
      this.string(start, at - start, chosen);
      return;
    }
    if (quote === DOUBLE && syntax.tripleDoubleQuotes && text.startsWith(TRIPLE_DOUBLE, at))
      this.string(at, 0, JAVA_TEXT_BLOCK);
    else if (quote === DOUBLE && syntax.hashInterpolation) this.string(at, 0, RUBY_DOUBLE);
    else this.string(at, 0, syntax.language === 'ruby' || syntax.language === 'php' ? MULTILINE[quote] : PLAIN[quote]);
  }

  private endPiece(literal: StringLiteral, start: number, end: number): void {
    const piece: LiteralPiece = { start, end, value: this.text.slice(start, end), literal };
    literal.pieces.push(piece);
    this.pieces.push(piece);
  }

  private string(start: number, prefixLength: number, rule: StringRule): void {
    const { text } = this;
    const length = text.length;
    const literal: StringLiteral = { start, end: start, pieces: [], interpolated: false, closed: false };
    this.literals.push(literal);
    const { stops, quote } = rule;
    let pos = start + prefixLength + quote.length;
    let pieceStart = pos;
    let stopped = false;
    for (;;) {
      while (pos < length && isPlain(text.charCodeAt(pos), stops)) pos++;
      if (pos >= length) break;
      const c = text[pos];
      if (c === '\\') {
        pos += 2;
        continue;
      }
      if (c === quote[0] && (quote.length === 1 || text.startsWith(quote, pos))) {
        if (rule.doubledQuote && text[pos + 1] === DOUBLE) {
          pos += 2;
          continue;
        }
        this.endPiece(literal, pieceStart, pos);
        pos += quote.length;
        literal.closed = stopped = true;
        break;
      }
      if (c === '\n') {
        this.endPiece(literal, pieceStart, pos);
        stopped = true;
        break;
      }
      const interpolation = rule.interpolation;
      const opens =
        interpolation === '{'
          ? c === '{' && text[pos + 1] !== '{'
          : interpolation !== undefined && text.startsWith(interpolation, pos);
      if (interpolation && opens) {
        this.endPiece(literal, pieceStart, pos);
        literal.interpolated = true;
        this.pos = pos + interpolation.length;
        this.code(true);
        pos = pieceStart = this.pos;
        continue;
      }
      // `{{` and `}}` are literal braces where `{` interpolates.
      pos += interpolation === '{' && (c === '{' || c === '}') && text[pos + 1] === c ? 2 : 1;
    }
    if (!stopped) this.endPiece(literal, pieceStart, (pos = length));
    literal.end = Math.min(pos, length);
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
