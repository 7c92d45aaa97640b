// Text from the API shown in a label (tree, quick pick, hover, panel) must read as it is stored:
// bidi controls (U+202E reverses what follows), zero-width and other invisible characters can make a
// connection named "evil\u202Egnp.exe" look like another. They are shown as visible [U+XXXX] marks.
// Pure TypeScript, no 'vscode': used by the extension and the webview alike.

// Bidi embeddings/overrides/isolates and marks, zero-width and invisible operators, BOM, soft hyphen,
// C0/C1 controls other than tab and newline (which become spaces in a one-line label).
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

function mark(char: string): string {
  return `[U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`;
}

/** The text with every invisible or direction-changing character replaced by a visible [U+XXXX]. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, mark);
}

/** For one-line labels: line breaks and tabs become spaces, then `visibleText`. */
export function visibleLabel(text: string): string {
  return visibleText(text.replace(/[\t\r\n\u2028\u2029]+/g, ' '));
}

/** True when `visibleText` would change the text. */
export function hasInvisibleCharacters(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
}
