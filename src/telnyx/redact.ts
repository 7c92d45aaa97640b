// Anything a server sends back (an error detail, a request id) may echo the Authorization header,
// so every string that reaches a TelnyxError or the request log passes through here first.

export type Redactor = (text: string) => string;

export function createRedactor(secret: string): Redactor {
  const forms = new Set<string>();
  const add = (form: string): void => {
    if (form.length >= 4) forms.add(form);
  };
  add(secret);
  add(encodeURIComponent(secret));
  add(Buffer.from(secret).toString('base64'));
  add(Buffer.from(secret).toString('base64url'));
  add(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
  add(Buffer.from(`Bearer ${secret}`).toString('base64'));
  add(Buffer.from(`:${secret}`).toString('base64'));
  add(Buffer.from(`${secret}:`).toString('base64'));
  // Longest first, so a longer encoding is not left half-replaced by a shorter one.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let result = text;
    for (const form of ordered) result = result.split(form).join('[redacted]');
    return result;
  };
}

/**
 * Masks anything shaped like a bearer token. The token is only the characters a key or token can
 * hold (base64, base64url, URL-safe punctuation), so the text after it, such as the ")" closing
 * "(request id …, Bearer …)", stays.
 */
export function redactBearerTokens(text: string): string {
  return text.replace(/(Bearer\s+)[A-Za-z0-9._~+/=%-]+/gi, '$1[redacted]');
}

/** One line, bounded length: server text goes into a notification, not a page. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
