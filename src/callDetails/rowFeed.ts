// A long timeline reaches the page in parts: its first screen alone (so the page draws it at once
// instead of first copying and reading megabytes of rows), then the rest in parts the page asks for
// one at a time once it has drawn, so no part waits in its queue behind another.
import type { TimelineScope, ToWebview } from './protocol';
import type { EventRow } from '../timeline/model';

/** More than a tall panel shows (about 35 rows at 900 px); the list's overscan included. */
export const FIRST_SCREEN_ROWS = 200;
/** About a megabyte of rows: a part the page reads in a few tens of milliseconds. */
export const PART_ROWS = 2500;

type EventsMessage = Extract<ToWebview, { type: 'events' }>;
type PartMessage = Extract<ToWebview, { type: 'eventsMore' }>;

export class RowFeed {
  private feedId = 0;
  private rows: readonly EventRow[] = [];
  private sent = 0;

  /** Rows of the current feed are still to be sent. */
  get feeding(): boolean {
    return this.sent < this.rows.length;
  }

  /** The first message of a full timeline: all of it when short, else its first screen and the count to follow. */
  start(rows: readonly EventRow[], view: { scope: TimelineScope; canSwitchScope: boolean }): EventsMessage {
    this.feedId++;
    this.rows = rows;
    this.sent = Math.min(rows.length, FIRST_SCREEN_ROWS);
    const message: EventsMessage = { type: 'events', replace: true, events: rows.slice(0, this.sent), ...view };
    if (this.feeding) return { ...message, feed: this.feedId, following: rows.length - this.sent };
    return message;
  }

  /** The next part when the page asks for it; undefined for an old feed's request or when all is sent. */
  next(feed: number): PartMessage | undefined {
    if (feed !== this.feedId || !this.feeding) return undefined;
    const end = Math.min(this.rows.length, this.sent + PART_ROWS);
    const events = this.rows.slice(this.sent, end);
    this.sent = end;
    return { type: 'eventsMore', feed, events, following: this.rows.length - end };
  }
}
