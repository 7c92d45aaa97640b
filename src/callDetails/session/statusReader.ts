// A call's status as the panel shows it: loading, alive, ringing, ended, gone, or a failure beside
// the last good status. One read at a time; a newer read replaces one under way.
import { callState } from '../../core/call';
import { isStatusGone } from '../../core/errors';
import type { StatusView } from '../protocol';
import type { SessionContext } from './types';

export class StatusReader {
  private viewValue: StatusView = { state: 'loading', fetchedAtMs: Date.now() };
  private abort: AbortController | undefined;

  constructor(
    private readonly ctx: SessionContext,
    /** Leg and session ids a status names. */
    private readonly learnIds: (legId: string | undefined, sessionId: string | undefined) => void,
  ) {}

  get view(): StatusView {
    return this.viewValue;
  }

  /** A read is under way. */
  get reading(): boolean {
    return this.abort !== undefined;
  }

  async read(callControlId: string): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const { deps } = this.ctx;
    try {
      const api = await this.ctx.api();
      if ('error' in api) {
        this.show({
          ...this.viewValue,
          state: this.viewValue.status ? this.viewValue.state : 'error',
          error: api.error,
        });
        return;
      }
      const status = await deps.readStatus(callControlId, abort.signal);
      if (abort.signal.aborted || this.ctx.disposed()) return;
      this.learnIds(status.call_leg_id, status.call_session_id);
      this.show({ state: callState(status), status, fetchedAtMs: deps.readAtOf?.(status) ?? Date.now() });
    } catch (error) {
      if (this.ctx.cancelled(abort, error)) return;
      const view = deps.words.errorView(error);
      deps.warn?.(`Call details: status of ${callControlId.slice(0, 12)}… failed: ${view.message}`);
      if (isStatusGone(error)) {
        this.show({ state: 'gone', status: this.viewValue.status, fetchedAtMs: Date.now(), error: view });
      } else this.show({ ...this.viewValue, state: 'error', fetchedAtMs: Date.now(), error: view });
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
  }

  stop(): void {
    this.abort?.abort();
  }

  private show(view: StatusView): void {
    // An earlier good status stays on screen; the page shows the error beside it.
    if (view.state === 'error' && this.viewValue.status)
      view = {
        ...this.viewValue,
        error: view.error,
        state: this.viewValue.state === 'loading' ? 'error' : this.viewValue.state,
      };
    this.viewValue = view;
    this.ctx.emit({ type: 'status', view });
  }
}
