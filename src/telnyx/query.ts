// Telnyx reads deepObject parameters (`filter[occurred_at][gte]=…`). Names are sent with literal
// brackets, as Telnyx documents them; values are percent-encoded exactly once, so a `+` in an
// E.164 number goes out as `%2B` (a raw `+` would be read as a space) and an opaque cursor
// arrives byte-for-byte as the server gave it.
import { TelnyxError } from './errors';
import type { CallEventsFilter, ListActiveCallsParams, ListConnectionsParams, OccurredAtFilter } from './types';

export type QueryPairs = Array<[string, string]>;

export function encodeQuery(pairs: QueryPairs): string {
  return pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}

function push(pairs: QueryPairs, name: string, value: string | number | boolean | undefined): void {
  if (value === undefined || value === '') return;
  pairs.push([name, String(value)]);
}

export function connectionsQuery(params: ListConnectionsParams = {}): QueryPairs {
  const pairs: QueryPairs = [];
  push(pairs, 'page[number]', params.pageNumber);
  push(pairs, 'page[size]', params.pageSize);
  push(pairs, 'filter[connection_name][contains]', params.nameContains);
  push(pairs, 'filter[outbound_voice_profile_id]', params.outboundVoiceProfileId);
  push(pairs, 'sort', params.sort);
  return pairs;
}

export function activeCallsQuery(params: ListActiveCallsParams = {}): QueryPairs {
  const pairs: QueryPairs = [];
  push(pairs, 'page[limit]', params.limit);
  push(pairs, 'page[after]', params.after);
  push(pairs, 'page[before]', params.before);
  return pairs;
}

const OCCURRED_AT_BOUNDS: ReadonlyArray<keyof OccurredAtFilter> = ['eq', 'gt', 'gte', 'lt', 'lte'];

/** Telnyx accepts a single occurred_at bound; sending two would fail only after a round trip. */
function occurredAtPair(filter: OccurredAtFilter | undefined): [string, string] | undefined {
  if (!filter) return undefined;
  const given = OCCURRED_AT_BOUNDS.filter((bound) => filter[bound] !== undefined && filter[bound] !== '');
  if (given.length > 1) {
    throw new TelnyxError({
      kind: 'bad_request',
      message: `Only one occurred_at bound can be sent to Telnyx; got ${given.join(' and ')}. Keep one of them.`,
    });
  }
  const bound = given[0];
  return bound ? [`filter[occurred_at][${bound}]`, String(filter[bound])] : undefined;
}

// Only the filters the spec lists for each endpoint are sent: Telnyx silently ignores unknown ones,
// so a filter it does not know would widen the answer instead of failing (see the contract test).
export function callEventsQuery(filter: CallEventsFilter = {}, pageNumber?: number, pageSize?: number): QueryPairs {
  const pairs: QueryPairs = [];
  push(pairs, 'filter[leg_id]', filter.legId);
  push(pairs, 'filter[application_session_id]', filter.applicationSessionId);
  push(pairs, 'filter[connection_id]', filter.connectionId);
  push(pairs, 'filter[product]', filter.product);
  push(pairs, 'filter[failed]', filter.failed);
  push(pairs, 'filter[from]', filter.from);
  push(pairs, 'filter[to]', filter.to);
  push(pairs, 'filter[name]', filter.name);
  push(pairs, 'filter[type]', filter.type);
  const occurredAt = occurredAtPair(filter.occurredAt);
  if (occurredAt) pairs.push(occurredAt);
  push(pairs, 'page[number]', pageNumber);
  push(pairs, 'page[size]', pageSize);
  return pairs;
}

/**
 * Reads page[after] out of a `meta.next` link. Decoded with decodeURIComponent only: the
 * form-urlencoded rule that turns `+` into a space would corrupt a base64 cursor.
 */
export function cursorFromNextLink(next: string): string | undefined {
  const query = next.includes('?') ? next.slice(next.indexOf('?') + 1) : next;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(part.slice(0, eq));
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      continue;
    }
    if (name === 'page[after]' && value !== '' && value !== 'null') return value;
  }
  return undefined;
}
