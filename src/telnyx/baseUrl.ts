export const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * The key is sent only to this URL, so it must be https, or http on a loopback address
 * (the bundled simulator). Returns the normalised URL (no trailing slash) or a reason it is refused.
 */
export function checkBaseUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `"${raw}" is not a URL.` };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, reason: 'The API base URL must not contain credentials.' };
  }
  if (parsed.search || parsed.hash) {
    return { ok: false, reason: 'The API base URL must not contain a query or fragment.' };
  }
  const loopback = isLoopbackHost(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    return {
      ok: false,
      reason:
        `Refusing to send the API key to ${parsed.protocol}//${parsed.host}: use https (plain ` +
        `http is allowed only for loopback addresses).`,
    };
  }
  return { ok: true, url: parsed.toString().replace(/\/+$/, '') };
}
