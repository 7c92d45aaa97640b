// Query strings as Telnyx reads them: deepObject names (`page[size]`, `filter[occurred_at][gte]`),
// form decoding (`+` is a space, so a phone number's plus must arrive as %2B).
import { invalidParameter } from './errors';

export type QueryPairs = Array<[string, string]>;

export function parseQuery(raw: string): QueryPairs | undefined {
  if (raw === '') return [];
  const pairs: QueryPairs = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    try {
      pairs.push([decodeURIComponent(rawName.replace(/\+/g, ' ')), decodeURIComponent(rawValue.replace(/\+/g, ' '))]);
    } catch {
      return undefined;
    }
  }
  return pairs;
}

export class Query {
  constructor(readonly pairs: QueryPairs) {}

  get(name: string): string | undefined {
    for (const [key, value] of this.pairs) if (key === name) return value;
    return undefined;
  }

  has(name: string): boolean {
    return this.pairs.some(([key]) => key === name);
  }

  /** An integer parameter within bounds, or the default when absent; otherwise a Telnyx-style error. */
  int(name: string, min: number, max: number, fallback: number, status: 400 | 422): number {
    const value = this.get(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value.trim())) throw invalidParameter(status, name, `${name} must be an integer.`);
    const n = Number(value.trim());
    if (n < min || n > max) {
      throw invalidParameter(
        status,
        name,
        max === Number.MAX_SAFE_INTEGER
          ? `${name} must be at least ${min}.`
          : `${name} must be between ${min} and ${max}.`,
      );
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], status: 400 | 422): T | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidParameter(status, name, `${name} must be one of: ${allowed.join(', ')}.`);
    }
    return value as T;
  }
}
