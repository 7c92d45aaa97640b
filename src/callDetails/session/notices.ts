// What a session says beside its data: the last short message for the person (stopped, copied,
// exported), and the standing notice of events Telnyx returned that belong to other calls (a filter
// it ignored). Neither is a failure: nothing to retry.
import { createHash } from 'node:crypto';
import type { CallEvent, CallEventsFilter } from '../../telnyx/types';
import { contentKey, splitByFilter } from '../../timeline/model';
import type { TimelineNotice } from '../protocol';
import type { CallSessionWords, SessionUpdate } from './types';

export class SessionNotices {
  private lastValue: string | undefined;
  /**
   * The events of other calls left out since the last full read, by content: a refresh re-reads its
   * overlap, and an event read twice is still one event. Digests, so that a long-open panel on an
   * account whose events keep coming holds 28 bytes per event, not the event.
   */
  private readonly leftOut = new Set<string>();
  private noticeValue: TimelineNotice | undefined;

  constructor(
    private readonly emit: (update: SessionUpdate) => void,
    private readonly words: Pick<CallSessionWords, 'ignoredFilter'>,
  ) {}

  /** The last short message. */
  get last(): string | undefined {
    return this.lastValue;
  }

  /** The standing notice of the timeline; undefined: nothing to say. */
  get notice(): TimelineNotice | undefined {
    return this.noticeValue;
  }

  say(text: string): void {
    this.lastValue = text;
    this.emit({ type: 'notice', text });
  }

  /**
   * Keeps the events of the requested leg/session and notes the others. `fresh`: a full read, which
   * starts the count again.
   */
  onlyRequested(events: CallEvent[], filter: CallEventsFilter, fresh: boolean): CallEvent[] {
    const { matching, outside } = splitByFilter(events, filter);
    if (fresh) this.leftOut.clear();
    for (const event of outside) this.leftOut.add(createHash('sha1').update(contentKey(event)).digest('base64'));
    return matching;
  }

  /** Tells the page what was left out after a read that succeeded, when that changed. */
  publish(): void {
    const count = this.leftOut.size;
    if ((this.noticeValue?.count ?? 0) === count) return;
    this.noticeValue =
      count === 0 ? undefined : { kind: 'ignored_filter', count, message: this.words.ignoredFilter(count).message };
    this.emit({ type: 'timelineNotice', notice: this.noticeValue });
  }

  /** Another scope: what was left out of the previous one no longer applies. */
  clear(): void {
    this.leftOut.clear();
    this.publish();
  }
}
