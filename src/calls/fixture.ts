// A call saved as a fixture: the raw answers the panel read for it (the status and every
// `/call_events` page, as received, with their request paths), so that a call seen on a real account
// can be served again offline by the simulator (`--fixture FILE`), attached to a bug report, or kept
// as a regression test. Phone numbers and SIP URIs are masked, the same value always the same way;
// a fixture never holds a header, so never the key.
import type { RawAnswer } from '../telnyx/api';
import { redactBearerTokens } from '../telnyx/redact';

export const FIXTURE_FORMAT = 'telnyx-calls-fixture';

export interface CallFixture {
  format: typeof FIXTURE_FORMAT;
  version: 1;
  /** ISO 8601. */
  savedAt: string;
  callControlId: string;
  answers: RawAnswer[];
}

/** E.164 (`+13125550100`), alone or inside text; bare digit runs are left alone (ids, counts). */
const PHONE = /\+[1-9]\d{6,14}\b/g;
/** `sip:alice@example.com`, `sips:+1312…@pbx.example.com:5061`. */
const SIP_URI = /\bsips?:[^\s"'<>@]+@[^\s"'<>;,]+/gi;

/**
 * Header-like fields whose value is a credential. Event metadata is Telnyx's "raw event and extra
 * information": should it ever carry the headers of a delivery, their credentials stay out.
 */
const CREDENTIAL_FIELD = /^(proxy-)?authorization$|^x-api-key$|^api[_-]?key$/i;

class Masker {
  private readonly phones = new Map<string, string>();
  private readonly uris = new Map<string, string>();

  constructor(private readonly redact: (text: string) => string) {}

  text(value: string): string {
    return this.redact(
      redactBearerTokens(
        value
          .replace(SIP_URI, (uri) => this.once(this.uris, uri, (n) => `sip:masked-${n}@example.invalid`))
          .replace(PHONE, (phone) => this.once(this.phones, phone, (n) => `+1555${String(n).padStart(7, '0')}`)),
      ),
    );
  }

  value(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          CREDENTIAL_FIELD.test(key) && item !== null ? '[redacted]' : this.value(item),
        ]),
      );
    }
    return value;
  }

  private once(seen: Map<string, string>, raw: string, make: (n: number) => string): string {
    let masked = seen.get(raw);
    if (masked === undefined) {
      masked = make(seen.size + 1);
      seen.set(raw, masked);
    }
    return masked;
  }
}

/**
 * The fixture of a call from the answers read for it, masked. Paths are masked too (a `filter[from]`
 * would carry a number); the answers keep their order, and an answer read twice is kept once.
 * Bearer tokens and credential fields are replaced in any case; `redact` replaces the secrets its
 * caller knows (the account keys, in every encoding).
 */
export function callFixture(
  callControlId: string,
  answers: readonly RawAnswer[],
  savedAt: Date,
  redact: (text: string) => string = (text) => text,
): CallFixture {
  const masker = new Masker(redact);
  const byPath = new Map<string, RawAnswer>();
  for (const answer of answers) {
    const path = masker.text(decodeForMasking(answer.path));
    byPath.set(path, { path, status: answer.status, body: masker.value(answer.body) });
  }
  return {
    format: FIXTURE_FORMAT,
    version: 1,
    savedAt: savedAt.toISOString(),
    callControlId,
    answers: [...byPath.values()],
  };
}

/** `call-v3:AbCdEfGh.fixture.json`, without the characters a file name cannot hold. */
export function fixtureFileName(shortCallId: string): string {
  return `call-${shortCallId.replace(/[^A-Za-z0-9_-]/g, '')}.fixture.json`;
}

/** `%2B1312…` in a query is a phone number too. */
function decodeForMasking(path: string): string {
  return path.replace(/%2B/gi, '+');
}

/** A fixture read from a file, checked enough to serve; undefined with the reason when it is not one. */
export function parseCallFixture(text: string): { fixture: CallFixture } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const fixture = value as Partial<CallFixture> | null;
  if (!fixture || typeof fixture !== 'object' || fixture.format !== FIXTURE_FORMAT)
    return { problem: `not a ${FIXTURE_FORMAT} file` };
  if (fixture.version !== 1) return { problem: `version ${String(fixture.version)} is not supported (1 is)` };
  if (
    !Array.isArray(fixture.answers) ||
    !fixture.answers.every((a) => a && typeof a.path === 'string' && typeof a.status === 'number')
  ) {
    return { problem: 'answers must be a list of { path, status, body }' };
  }
  return { fixture: fixture as CallFixture };
}
