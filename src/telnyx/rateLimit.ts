// How long Telnyx asks us to wait. Telnyx sends `x-ratelimit-reset` in seconds until the reset; a
// proxy or a future API may send `Retry-After` as seconds or as an HTTP date. Both present: the
// longer one wins, because waiting too little only earns another 429.

type HeaderValue = string | string[] | undefined;

function first(value: HeaderValue): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

/** Seconds until the reset; a value that looks like a Unix time is read as one. */
export function parseRateLimitReset(value: HeaderValue, nowMs: number): number | undefined {
  const text = first(value);
  if (!text || !/^\d+(\.\d+)?$/.test(text)) return undefined;
  const number = Number(text);
  if (number > 1_000_000_000) return Math.max(0, number - nowMs / 1000);
  return number;
}

export function parseRetryAfter(value: HeaderValue, nowMs: number): number | undefined {
  const text = first(value);
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - nowMs) / 1000);
}

/** Seconds to wait before the next request, or undefined when the answer does not say. */
export function rateLimitWaitSeconds(headers: Record<string, HeaderValue>, nowMs: number): number | undefined {
  const reset = parseRateLimitReset(headers['x-ratelimit-reset'], nowMs);
  const retryAfter = parseRetryAfter(headers['retry-after'], nowMs);
  if (reset === undefined) return retryAfter;
  if (retryAfter === undefined) return reset;
  return Math.max(reset, retryAfter);
}

/** After a successful answer: when the budget is spent, the seconds until it refills. */
export function exhaustedBudgetSeconds(headers: Record<string, HeaderValue>, nowMs: number): number | undefined {
  const remaining = first(headers['x-ratelimit-remaining']);
  if (remaining === undefined || Number(remaining) > 0) return undefined;
  return parseRateLimitReset(headers['x-ratelimit-reset'], nowMs);
}
