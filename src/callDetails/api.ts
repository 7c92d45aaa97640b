// The call details part of the extension's API, the value activate() returns (README, "Extension
// API"): open a call's panel, see which panels are open and what each holds (read-only), and make the
// requests their pages' controls make. For other extensions and automation; the in-host tests use it
// the same way.
import type * as vscode from 'vscode';
import type { CallDetailsOpener } from '../services/services';
import type { CallEvent } from '../telnyx/types';
import type { FromWebview, PanelTarget } from './protocol';
import type { CallSessionState } from './session';

/**
 * What a panel's own controls ask for: refresh, retry the status or the timeline, switch between the
 * session and the leg, stop a long load, export or copy the timeline as JSON, copy a value, hang up
 * the call or a leg a finding says was left up (each after the user confirms in a modal dialog).
 */
export type PanelRequest = Extract<
  FromWebview,
  { type: 'refresh' | 'retry' | 'stop' | 'setScope' | 'exportJson' | 'copyJson' | 'copyText' | 'hangUp' | 'hangUpLeg' }
>;

/** An open call details panel. Its properties are read when asked: each read is current. */
export interface OpenCallPanel {
  /** What it shows: a call (its call_control_id, leg and session once known) or an events query. */
  readonly target: PanelTarget;
  readonly title: string;
  /** The name of the account it reads with: the one in use when it was opened, kept after a switch. */
  readonly account: string | undefined;
  /** Shown in its editor group (a hidden panel does not poll). */
  readonly visible: boolean;
  /** The editor in front, with focus. */
  readonly active: boolean;
  readonly viewColumn: vscode.ViewColumn | undefined;
  /** What the panel holds and shows: status, events, progress, errors, auto-refresh, the last notice. */
  readonly state: CallSessionState;
  /** The key of the event the page was last told to select (`openCall`'s `selectEvent`), if any. */
  readonly selectedEvent: string | undefined;
  /** One event of `state.events` by the key its row has (its metadata is what an expanded row shows). */
  eventByKey(key: string): CallEvent | undefined;
  /** Does what one of the page's controls asks; resolves once done (a save dialog answered, a load finished). */
  request(request: PanelRequest): Promise<void>;
  /** Writes the timeline as JSON to `file` (no dialog), or where the person chooses in a save dialog. */
  exportTimelineJson(file?: vscode.Uri): Promise<void>;
}

export interface CallDetailsApi extends CallDetailsOpener {
  /** The open call details panels, in the order they were opened (restored panels included). */
  openPanels(): OpenCallPanel[];
  /** The open panel of a call, by its call_control_id. */
  panelOfCall(callControlId: string): OpenCallPanel | undefined;
}
