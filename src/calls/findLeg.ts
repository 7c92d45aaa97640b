import type { TelnyxApi } from '../telnyx/api';
import type { CallEvent } from '../telnyx/types';
import { webhookPayload } from '../timeline/metadata';
import type { LegAndSessionIds } from './knownIds';

const PAGE_SIZE = 250;
const MAX_PAGES = 8;

function mentions(event: CallEvent, callControlId: string): boolean {
  const metadata = event.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== 'object') return false;
  const payload = webhookPayload(metadata);
  if (metadata.call_control_id === callControlId || payload?.call_control_id === callControlId) return true;
  return JSON.stringify(metadata).includes(callControlId);
}

/**
 * When a call's status is gone and its leg is unknown, the only link left is webhook and command
 * metadata, which carries the call_control_id. Unfiltered event searches cover the last 24 hours
 * in time order, so read from the newest page backwards, a bounded number of pages.
 */
export async function findCallIdsInRecentEvents(api: TelnyxApi, callControlId: string, signal: AbortSignal): Promise<LegAndSessionIds | undefined> {
  const first = await api.listCallEvents({ pageNumber: 1, pageSize: PAGE_SIZE }, { signal });
  const check = (events: CallEvent[]): LegAndSessionIds | undefined => {
    const hit = events.find((event) => mentions(event, callControlId));
    return hit ? { legId: hit.call_leg_id, sessionId: hit.call_session_id } : undefined;
  };
  const total = first.meta.total_pages;
  for (let page = total, read = 0; page > 1 && read < MAX_PAGES; page--, read++) {
    const found = check((await api.listCallEvents({ pageNumber: page, pageSize: PAGE_SIZE }, { signal })).data);
    if (found) return found;
  }
  return check(first.data);
}
