// What a session says beside its data: the last short message for the person (stopped, copied,
// exported), and the events Telnyx returned that belong to other calls (a filter it ignored).
import type { CallEvent, CallEventsFilter } from '../../telnyx/types';
import { splitByFilter } from '../../timeline/model';
import type { SessionUpdate } from './types';

export class SessionNotices {
  private lastValue: string | undefined;
  private outsideCount = 0;

  constructor(private readonly emit: (update: SessionUpdate) => void) {}

  /** The last short message. */
  get last(): string | undefined {
    return this.lastValue;
  }

  say(text: string): void {
    this.lastValue = text;
    this.emit({ type: 'notice', text });
  }

  /** Events of other calls left out so far. */
  get leftOut(): number {
    return this.outsideCount;
  }

  /**
   * Keeps the events of the requested leg/session and counts the others. `fresh`: a full read,
   * which starts the count again.
   */
  onlyRequested(events: CallEvent[], filter: CallEventsFilter, fresh: boolean): CallEvent[] {
    const { matching, outside } = splitByFilter(events, filter);
    this.outsideCount = fresh ? outside.length : this.outsideCount + outside.length;
    return matching;
  }
}
