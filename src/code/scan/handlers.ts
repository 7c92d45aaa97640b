// What a handler file says about events: the string literals compared with or switched on (the
// names and hangup causes it expects), the branches that handle an event, and the ones that can never
// match because Telnyx sends no such value. Reads one line around each literal; not a parser.
import { eventNamed, looksLikeEventName, nearestEventName, nearestHangupCause, v2NameOf } from '../catalogue/index';
import { isKnownHangupCause } from '../../timeline/endOfCall';
import type { Syntax } from './languages';
import { scanSource, type LiteralPiece, type ScannedSource } from './literals';

export type ProblemKind = 'unknown-event' | 'v1-event' | 'unknown-hangup-cause';

export interface CodeProblem {
  kind: ProblemKind;
  /** The literal's text (quotes excluded). */
  start: number;
  end: number;
  value: string;
  /** The real name (or cause) to write instead, when one is near enough. */
  suggestion?: string;
}

/** A branch taken for one event: `case 'call.answered':`, `if (type === "call.hangup")`, `elif … == 'call.initiated'`. */
export interface HandlerBranch {
  event: string;
  /** The literal's text. */
  start: number;
  end: number;
}

export interface HandlerAnalysis {
  scanned: ScannedSource;
  problems: CodeProblem[];
  branches: HandlerBranch[];
}

/** Files that never mention Telnyx get no check, completion, hover or lens: `call.hangup` means nothing there. */
export function mentionsTelnyx(text: string): boolean {
  return /telnyx/i.test(text);
}

const BEFORE_COMPARISON = /(?:===?|!==?)\s*$/;
const BEFORE_EQUALS_CALL = /\.(?:equals|Equals|equalsIgnoreCase)\s*\(\s*$/;
const AFTER_COMPARISON = /^\s*(?:===?|!==?)/;
const AFTER_EQUALS_CALL = /^\s*\.(?:equals|Equals|equalsIgnoreCase)\s*\(/;
/** `case `, `case 'a', ` or `when 'a' | ` before the literal: only other labels between. */
const CASE_LABEL = /^\s*(?:\}\s*)?(?:case|when)\s+(?:(?:'[^']*'|"[^"]*"|`[^`]*`)\s*[,|]\s*)*$/;
/** Python's `x in ('a', 'b')`. */
const IN_TUPLE = /^(.*)\bin\s*[([{]\s*(?:(?:'[^']*'|"[^"]*")\s*,\s*)*$/;
const BRANCH_LINE = /^\s*(?:\}\s*)?(?:if|elif|elsif|elseif|else\s+if|case|when)\b/;
const NEGATED_BEFORE = /!==?\s*$/;
const NEGATED_AFTER = /^\s*!==?/;
const NOT_IN = /\bnot\s+in\s*[([{]/;
const CASE_OR_WHEN = /^\s*(?:\}\s*)?(?:case|when)\s/;
const HANGUP_ANYWHERE = /hangup_?cause/i;
const HANGUP_OPERAND_END = /hangup_?cause\W{0,4}$/i;
const HANGUP_OPERAND_START = /^\s*[\w.$[\]'"()>-]*hangup_?cause/i;
const SWITCH_HEADER = /\b(?:switch|match)\b\s*\(?([^{\n]*)/g;
const RUBY_CASE_HEADER = /^[ \t]*case[ \t]+(\S[^\n]*)$/gm;

interface Comparison {
  /** `==`, a case label or `in (…)`, not `!=` (asked only of handler branches). */
  positive: () => boolean;
  onBranchLine: boolean;
  aboutHangupCause: boolean;
}

export function analyzeHandlers(
  text: string,
  syntax: Syntax,
  scanned: ScannedSource = scanSource(text, syntax),
): HandlerAnalysis {
  const problems: CodeProblem[] = [];
  const branches: HandlerBranch[] = [];
  let headers: Array<{ at: number; subject: string }> | undefined;
  const subjectBefore = (offset: number): string => {
    headers ??= switchHeaders(text, syntax);
    let low = 0;
    let high = headers.length - 1;
    let subject = '';
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (headers[middle].at < offset) {
        subject = headers[middle].subject;
        low = middle + 1;
      } else high = middle - 1;
    }
    return subject;
  };

  // Values that are not event names matter only as hangup causes: skip them in a file that never names hangup_cause.
  const hangupInFile = HANGUP_ANYWHERE.test(text);
  for (const literal of scanned.literals) {
    if (literal.interpolated || literal.pieces.length !== 1) continue;
    const piece = literal.pieces[0];
    const value = piece.value;
    if (!value || value.length > 80) continue;
    const known = eventNamed(value) !== undefined;
    const v2 = known ? undefined : v2NameOf(value);
    const eventLike = known || v2 !== undefined || looksLikeEventName(value);
    if (!eventLike && !hangupInFile) continue;
    const comparison = comparisonAround(text, piece, subjectBefore, eventLike);
    if (!comparison) continue;
    if (comparison.aboutHangupCause) {
      if (!isKnownHangupCause(value))
        problems.push({
          kind: 'unknown-hangup-cause',
          start: piece.start,
          end: piece.end,
          value,
          suggestion: nearestHangupCause(value),
        });
      continue;
    }
    if (known) {
      if (comparison.onBranchLine && comparison.positive())
        branches.push({ event: value, start: piece.start, end: piece.end });
      continue;
    }
    if (v2) problems.push({ kind: 'v1-event', start: piece.start, end: piece.end, value, suggestion: v2 });
    else if (eventLike)
      problems.push({
        kind: 'unknown-event',
        start: piece.start,
        end: piece.end,
        value,
        suggestion: nearestEventName(value),
      });
  }
  return { scanned, problems, branches };
}

function comparisonAround(
  text: string,
  piece: LiteralPiece,
  subjectBefore: (offset: number) => string,
  eventLike: boolean,
): Comparison | undefined {
  const { literal } = piece;
  const lineStart = text.lastIndexOf('\n', literal.start - 1) + 1;
  let lineEnd = text.indexOf('\n', literal.end);
  if (lineEnd === -1) lineEnd = text.length;
  // Only a line that names the hangup cause, or a case label (of a switch on it), can make a value
  // other than an event name matter.
  const caseLine = CASE_OR_WHEN.test(text.slice(lineStart, Math.min(lineStart + 80, literal.start)));
  if (!eventLike && !caseLine && !HANGUP_ANYWHERE.test(text.slice(lineStart, lineEnd))) return undefined;
  const before = text.slice(lineStart, literal.start);
  const after = text.slice(literal.end, lineEnd);
  const onBranchLine = BRANCH_LINE.test(before);
  const positive = () =>
    !(NEGATED_BEFORE.test(before) || NEGATED_AFTER.test(after) || (before.includes('not') && NOT_IN.test(before)));

  if (BEFORE_COMPARISON.test(before)) {
    return {
      positive,
      onBranchLine,
      aboutHangupCause: HANGUP_OPERAND_END.test(before.replace(BEFORE_COMPARISON, '').trimEnd()),
    };
  }
  if (BEFORE_EQUALS_CALL.test(before)) {
    const receiver = before.replace(BEFORE_EQUALS_CALL, '');
    return {
      positive: () => !/!\s*[\w.$()[\]'"]*$/.test(receiver),
      onBranchLine,
      aboutHangupCause: HANGUP_OPERAND_END.test(receiver.trimEnd()),
    };
  }
  if (AFTER_COMPARISON.test(after)) {
    return { positive, onBranchLine, aboutHangupCause: HANGUP_OPERAND_START.test(after.replace(AFTER_COMPARISON, '')) };
  }
  if (AFTER_EQUALS_CALL.test(after)) {
    return {
      positive: () => !/!\s*$/.test(before),
      onBranchLine,
      aboutHangupCause: HANGUP_OPERAND_START.test(after.replace(AFTER_EQUALS_CALL, '')),
    };
  }
  if (caseLine && CASE_LABEL.test(before)) {
    return {
      positive: () => true,
      onBranchLine: true,
      aboutHangupCause: HANGUP_ANYWHERE.test(subjectBefore(literal.start)),
    };
  }
  const inTuple = before.includes('in') ? IN_TUPLE.exec(before) : null;
  if (inTuple) {
    return {
      positive,
      onBranchLine,
      aboutHangupCause: HANGUP_OPERAND_END.test(inTuple[1].replace(/\bnot\s*$/, '').trimEnd()),
    };
  }
  return undefined;
}

/** Where each `switch (…)` / `match …` / Ruby `case …` starts and what it switches on, in order. */
function switchHeaders(text: string, syntax: Syntax): Array<{ at: number; subject: string }> {
  const found: Array<{ at: number; subject: string }> = [];
  const pattern = syntax.language === 'ruby' ? RUBY_CASE_HEADER : SWITCH_HEADER;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text))
    found.push({ at: match.index, subject: match[1] });
  return found;
}
