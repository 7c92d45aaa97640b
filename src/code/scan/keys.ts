// Telnyx API keys written into a file (what to write instead: keyFixes.ts). A v2 key is `KEY`, the
// key's id (32 upper-case hex digits), `_` and a 22-character secret (58 characters in all); the id
// alone is not a secret and is not reported. Nothing here keeps, logs or returns a key's text: only
// where it is.
const KEY_PATTERN = /(?<![A-Za-z0-9_])KEY[0-9A-F]{32}_[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g;

export interface TextRange {
  start: number;
  end: number;
}

export function findApiKeys(text: string): TextRange[] {
  const found: TextRange[] = [];
  // A cheap look for the prefix first: most files hold no `KEY` followed by a hex digit at all.
  if (!/KEY[0-9A-F]/.test(text)) return found;
  KEY_PATTERN.lastIndex = 0;
  for (let match = KEY_PATTERN.exec(text); match; match = KEY_PATTERN.exec(text))
    found.push({ start: match.index, end: match.index + match[0].length });
  return found;
}

export function isApiKey(text: string): boolean {
  KEY_PATTERN.lastIndex = 0;
  const match = KEY_PATTERN.exec(text);
  return match !== null && match.index === 0 && match[0].length === text.length;
}

/** `.env`, `.env.local`, …: where the key belongs, so they are not checked. */
export function isEnvironmentFile(fileName: string): boolean {
  return /(?:^|[\\/])\.env(?:\.[^\\/]*)?$/.test(fileName);
}
