// Telnyx ids: finding them in editor text (the hover, the look-up prefill) and checking what a person
// types (the palette commands). One module so that what the hover detects and what a command accepts
// cannot drift apart. No `vscode` here: unit-tested in plain Node.

export type DetectedKind = 'call_control_id' | 'call_leg_id' | 'call_session_id';

export interface DetectedId {
  kind: DetectedKind;
  id: string;
  /** Offsets of the id within the text that was searched (end exclusive). */
  start: number;
  end: number;
}

// A call_control_id is opaque: `v2:`/`v3:` plus base64url, sometimes with `=` padding. Match loosely,
// but not as the tail of a longer word (`rev2:…`, `my-v2:…`) nor when standard base64 (`+`) shows
// the token is something else.
const CALL_CONTROL_ID = /(?<![A-Za-z0-9_\-+])v\d{1,3}:[A-Za-z0-9_=-]{20,}(?![A-Za-z0-9_=+-])/g;

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// The UUID must follow its field name directly: JSON (`"call_leg_id": "…"`), logs (`call_leg_id=…`),
// YAML or code (`call_session_id: '…'`, `callLegId = "…"`). A bare UUID says nothing about what it is.
const LABELLED_UUID = new RegExp(
  `(?<![A-Za-z0-9_])(call_leg_id|callLegId|call_session_id|callSessionId)["']?\\s*[:=]\\s*["']?(${UUID})(?![A-Za-z0-9_-])`,
  'g',
);

/** Longest stretch of a line searched around the cursor, so a megabyte of minified JSON stays cheap. */
const WINDOW = 1000;

function kindOfLabel(label: string): DetectedKind {
  return label === 'call_leg_id' || label === 'callLegId' ? 'call_leg_id' : 'call_session_id';
}

/** Every id in `text`, in order. */
export function findIds(text: string): DetectedId[] {
  const found: DetectedId[] = [];
  for (const match of text.matchAll(CALL_CONTROL_ID)) {
    const start = match.index ?? 0;
    found.push({ kind: 'call_control_id', id: match[0], start, end: start + match[0].length });
  }
  for (const match of text.matchAll(LABELLED_UUID)) {
    const label = match[1] ?? '';
    const uuid = match[2] ?? '';
    const end = (match.index ?? 0) + match[0].length;
    found.push({ kind: kindOfLabel(label), id: uuid.toLowerCase(), start: end - uuid.length, end });
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The id under `offset` in one line (the cursor may sit on its first or last character), or
 * undefined. Only a window around the offset is searched; a match cut by the window's edge is
 * ignored rather than guessed at.
 */
export function detectAt(line: string, offset: number): DetectedId | undefined {
  if (offset < 0 || offset > line.length) return undefined;
  const from = Math.max(0, offset - WINDOW);
  const to = Math.min(line.length, offset + WINDOW);
  const text = line.slice(from, to);
  for (const hit of findIds(text)) {
    const start = hit.start + from;
    const end = hit.end + from;
    if ((hit.start === 0 && from > 0) || (hit.end === text.length && to < line.length)) continue;
    if (offset >= start && offset <= end) return { ...hit, start, end };
  }
  return undefined;
}

/** Whether a whole string (trimmed) is one call_control_id: for input validation and pre-filling. */
export function isCallControlId(value: string): boolean {
  const trimmed = value.trim();
  const hits = findIds(trimmed);
  return (
    hits.length === 1 && hits[0]?.kind === 'call_control_id' && hits[0].start === 0 && hits[0].end === trimmed.length
  );
}

export function isUuid(value: string): boolean {
  return new RegExp(`^${UUID}$`).test(value.trim());
}

export type CallControlIdProblem = 'empty' | 'spaces' | 'prefix' | 'characters' | 'short';

/** Why typed text is not a call_control_id (a problem code the command words), or undefined when it is one. */
export function checkCallControlId(value: string): CallControlIdProblem | undefined {
  const trimmed = value.trim();
  if (!trimmed) return 'empty';
  if (/\s/.test(trimmed)) return 'spaces';
  if (!/^v\d{1,3}:/.test(trimmed)) return 'prefix';
  const body = trimmed.slice(trimmed.indexOf(':') + 1);
  if (/[^A-Za-z0-9_=-]/.test(body)) return 'characters';
  if (body.length < 20) return 'short';
  return isCallControlId(trimmed) ? undefined : 'characters';
}

export type UuidProblem = 'empty' | 'format';

export function checkUuid(value: string): UuidProblem | undefined {
  const trimmed = value.trim();
  if (!trimmed) return 'empty';
  return isUuid(trimmed) ? undefined : 'format';
}
