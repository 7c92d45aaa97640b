// One call details panel: a webview around a CallSession. It renders the session's state into
// messages for the page, routes the page's requests, and tells the session how often it may poll.
// The page never sees the key.
import * as vscode from 'vscode';
import { CallAnswerRecorder } from '../calls/answerRecorder';
import type { Services } from '../services/services';
import { errorView, noKeyError } from './errors';
import { legLeftUp } from './hangUpLeg';
import { copyTimelineJson, exportTimelineJson, saveLadder, type TimelineSnapshot } from './export';
import { diagnosePanelEvents, findingsViewOf } from './findingsView';
import { createNonce, renderShell } from './html';
import { accountPanelKey, shortCallId } from './names';
import type { PanelAccount } from './panelAccount';
import type { FromWebview, PanelTarget, TimelineScope, ToWebview } from './protocol';
import { RowFeed } from './rowFeed';
import { AUTO_REFRESH_SECONDS, CallSession, type CallSessionWords, type PollPace, type SessionUpdate } from './session';
import { webviewStrings } from './strings';
import { tappedSourceOf } from './tappedSource';
import type { Connection } from '../telnyx/types';
import { webhookPayload } from '../timeline/metadata';

export const VIEW_TYPE = 'telnyx.callDetails';

export interface PanelEnvironment {
  services: Services;
  extensionUri: vscode.Uri;
}

/** With more than one account, the title names the panel's ("Call v3:T02l… · Production"). */
export function panelTitle(target: PanelTarget, accountName?: string): string {
  const title = target.kind === 'call' ? vscode.l10n.t('Call {0}', shortCallId(target.callControlId)) : target.title;
  return accountName ? vscode.l10n.t('{0} · {1}', title, accountName) : title;
}

const sessionWords: CallSessionWords = {
  errorView,
  noKey: noKeyError,
  unknownLeg: (reason) => ({
    kind: 'unknown_leg',
    message:
      reason === 'status_gone'
        ? vscode.l10n.t(
            "Telnyx no longer has this call's status and no recent event names it, so its leg and " +
              "session are unknown. Use 'Telnyx: Show Call Events…' with the leg or session id.",
          )
        : reason === 'status_failed'
          ? vscode.l10n.t(
              "The call's status could not be read and no recent event names the call, so its leg and " +
                'session are unknown for now. Retry reads both again.',
            )
          : vscode.l10n.t(
              "Neither the call's status nor a recent event names its leg and session. Use 'Telnyx: " +
                "Show Call Events…' with the leg or session id.",
            ),
  }),
  ignoredFilter: (count) => ({
    message:
      count === 1
        ? vscode.l10n.t(
            'Telnyx also returned 1 event of another call: it seems to have ignored the filter. It is not shown here.',
          )
        : vscode.l10n.t(
            'Telnyx also returned {0} events of other calls: it seems to have ignored the filter. They are not shown here.',
            String(count),
          ),
  }),
  stopped: (read, total) =>
    vscode.l10n.t('Stopped after {0} of {1} events. Refresh loads them all.', String(read), String(total)),
};

/**
 * Visible and the window focused: every 5 s. Visible in an unfocused window: every 30 s (a call
 * watched on a second screen still moves). Hidden: not at all; it catches up when shown again.
 */
export function pollPace(visible: boolean, windowFocused: boolean): PollPace {
  if (!visible) return 'paused';
  return windowFocused ? 'fast' : 'slow';
}

export class CallDetailsPanel implements vscode.Disposable {
  readonly session: CallSession;
  /** What the panel read of its call, as received, for "Save Call as Fixture…"; undefined for an events query. */
  readonly recording: CallAnswerRecorder | undefined;
  private ready = false;
  /** An export asked of the page and not answered yet. */
  private pendingExport: Extract<ToWebview, { type: 'exportLadder' }> | undefined;
  /** Where the pending export is saved (given with the command); undefined: a save dialog asks. */
  private pendingExportFile: vscode.Uri | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** An event to select once the page holds it (a handler lens opened the call on it). */
  private pendingSelection: string | undefined;
  /** The event the page was last told to select, by its key. */
  selectedEvent: string | undefined;
  /** A long timeline goes to the page in parts; a selection or an export waits until it has them all. */
  private readonly rowFeed = new RowFeed();
  /** The connection of a tapped call, read once: its webhook_timeout_seconds says which answers came too late. */
  private doctorConnection: Connection | undefined;
  private doctorConnectionAsked = false;

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    target: PanelTarget,
    /** The account it reads with, kept when the user switches (see panelAccount.ts). */
    readonly account: PanelAccount,
    private readonly env: PanelEnvironment,
    private readonly onDispose: (panel: CallDetailsPanel) => void,
  ) {
    const { apiAccess, log } = env.services;
    this.session = new CallSession(target, {
      getApi: () => account.getApi(),
      readStatus: (callControlId, signal) => account.readStatus(callControlId, signal),
      readAtOf: (status) => account.readAtOf(status),
      forgetStatus: (callControlId) => account.forgetStatus(callControlId),
      knownCalls: account.knownCalls,
      connections: account.connections,
      maxEvents: () => apiAccess.settings().timelineMaxEvents,
      confirmLoadPastCap: async (total, shown) => {
        const loadAll = vscode.l10n.t('Load all');
        const choice = await vscode.window.showInformationMessage(
          vscode.l10n.t(
            'This timeline has {0} events; the first {1} are shown (telnyx.timeline.maxEvents). Load all of them?',
            String(total),
            String(shown),
          ),
          loadAll,
        );
        return choice === loadAll;
      },
      words: sessionWords,
      warn: (message) => log.warn(message),
      tapped: tappedSourceOf(env.services.liveTap),
    });
    const distUri = vscode.Uri.joinPath(env.extensionUri, 'dist');
    const webview = webviewPanel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [distUri] };
    webviewPanel.title = this.title();
    webviewPanel.iconPath = vscode.Uri.joinPath(env.extensionUri, 'media', 'telnyx.svg');
    webview.html = renderShell({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview.css')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'codicons', 'codicon.css')).toString(),
    });
    const unsubscribe = this.session.onDidUpdate((update) => this.render(update));
    if (target.kind === 'call') {
      const recording = new CallAnswerRecorder(() => {
        const current = this.session.state.target;
        return current.kind === 'call' ? current : undefined;
      });
      this.recording = recording;
      const recordingFor = account.onAnswer((answer) => recording.offer(answer));
      if (recordingFor) this.disposables.push(recordingFor);
    }
    this.disposables.push(
      { dispose: unsubscribe },
      webview.onDidReceiveMessage((message: FromWebview) => void this.receive(message)),
      webviewPanel.onDidChangeViewState(() => this.updatePace()),
      vscode.window.onDidChangeWindowState(() => this.updatePace()),
      webviewPanel.onDidDispose(() => this.dispose()),
    );
    this.updatePace();
    void this.session.reload();
  }

  get key(): string {
    return accountPanelKey(this.account.account?.id, this.session.state.target);
  }

  /** The account's name is shown once there is more than one to tell apart. */
  private title(): string {
    const name = this.account.account?.name;
    return panelTitle(
      this.session.state.target,
      name && this.env.services.apiAccess.accounts.list().length > 1 ? name : undefined,
    );
  }

  /** Accounts were added or removed: the title names the account when there are several. */
  updateTitle(): void {
    if (!this.disposed) this.webviewPanel.title = this.title();
  }

  reveal(scope?: TimelineScope): void {
    this.webviewPanel.reveal();
    if (scope && this.session.state.target.kind === 'call' && scope !== this.session.scope)
      void this.session.setScope(scope);
  }

  reload(): Promise<void> {
    return this.session.reload();
  }

  private updatePace(): void {
    if (!this.disposed) this.session.setPace(pollPace(this.webviewPanel.visible, vscode.window.state.focused));
  }

  // ---- messages ------------------------------------------------------------------------------

  /** One request of the page. A failure (dialog, clipboard, disk) is told on the page and logged. */
  async receive(message: FromWebview): Promise<void> {
    try {
      await this.route(message);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.env.services.log.warn(`Call details: '${String(message?.type)}' failed: ${detail}`);
      this.notify(vscode.l10n.t('That did not work: {0}', detail));
    }
  }

  private async route(message: FromWebview): Promise<void> {
    const session = this.session;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postSnapshot();
        if (this.pendingExport && !this.rowFeed.feeding) this.post(this.pendingExport);
        break;
      case 'refresh':
        await session.reload();
        break;
      case 'stop':
        session.stopLoading();
        break;
      case 'retry':
        await session.retry(message.what === 'status' ? 'status' : 'timeline');
        break;
      case 'setScope':
        if (message.scope === 'leg' || message.scope === 'session') await session.setScope(message.scope);
        break;
      case 'exportJson':
        await this.exportTimelineJson();
        break;
      case 'copyJson':
        this.notify(await copyTimelineJson(this.timelineSnapshot()));
        break;
      case 'metadata':
        this.postMetadata(message.key);
        break;
      case 'moreEvents':
        this.postNextPart(message.feed);
        break;
      case 'copyText':
        this.pendingExport = undefined;
        this.pendingExportFile = undefined;
        if (typeof message.text === 'string') {
          await vscode.env.clipboard.writeText(message.text);
          this.notify(vscode.l10n.t('Copied {0}.', message.label || vscode.l10n.t('text')));
        }
        break;
      case 'hangUp':
        if (session.state.target.kind === 'call') await this.hangUp(session.state.target.callControlId);
        break;
      case 'hangUpLeg': {
        const callControlId =
          typeof message.findingId === 'string' ? legLeftUp(message.findingId, session.state.events) : undefined;
        if (callControlId) await this.hangUp(callControlId);
        else
          this.notify(vscode.l10n.t('That leg has already ended, or its call_control_id is not in the events shown.'));
        break;
      }
      case 'saveLadder': {
        const file = this.pendingExportFile;
        this.pendingExport = undefined;
        this.pendingExportFile = undefined;
        if ((message.format === 'mermaid' || message.format === 'svg') && typeof message.text === 'string') {
          this.notify(await saveLadder(file, session.state.target, message.format, message.text));
        }
        break;
      }
    }
  }

  /** Under the panel's own account; the answer is told on the page, then the panel reads again. */
  private async hangUp(callControlId: string): Promise<void> {
    const outcome = await this.env.services.hangUps.hangUp({ callControlId, accountId: this.account.account?.id });
    if (!outcome) return;
    this.notify(outcome.message);
    if (outcome.kind === 'hung_up' || outcome.kind === 'already_ended') await this.session.reload();
  }

  private timelineSnapshot(): TimelineSnapshot {
    const state = this.session.state;
    return {
      target: state.target,
      scope: this.session.effectiveScope(),
      status: state.status.status,
      events: state.events,
    };
  }

  /** Writes the timeline as JSON to `file`, or where the person chooses in a save dialog. */
  async exportTimelineJson(file?: vscode.Uri): Promise<void> {
    this.notify(await exportTimelineJson(file, this.timelineSnapshot()));
  }

  /** Undefined: nothing to say (a cancelled dialog). */
  private notify(text: string | undefined): void {
    if (text !== undefined) this.session.say(text);
  }

  /**
   * Asks the page for the ladder as it is drawn (it knows the filter); the page sends it back to save
   * or copy. A page that is still loading (or reloading after being hidden) is asked again once ready.
   * `file`: where to save (no dialog); undefined asks with a save dialog.
   */
  exportLadder(format: 'mermaid' | 'svg', how: 'copy' | 'save', file?: vscode.Uri): void {
    this.pendingExport = { type: 'exportLadder', format, how };
    this.pendingExportFile = how === 'save' ? file : undefined;
    this.webviewPanel.reveal(undefined, false);
    // The page draws the ladder from the rows it holds: all of them, once the feed is over.
    if (!this.rowFeed.feeding) this.post(this.pendingExport);
  }

  /** Posts to the page once it is ready; before that the session keeps the state, sent on 'ready'. */
  private post(message: ToWebview): void {
    if (!this.ready || this.disposed) return;
    void this.webviewPanel.webview.postMessage(message);
  }

  private render(update: SessionUpdate): void {
    if (update.type === 'settled') this.postFindings();
    else if (update.type === 'events') this.postEvents(update);
    else this.post(update);
    if (update.type === 'events' || update.type === 'settled') this.postSelection();
  }

  /**
   * A full timeline starts a feed (its first screen now, the rest as the page asks); new rows merged
   * while a feed is under way start it again with every row, so the page never merges into a part.
   */
  private postEvents(update: Extract<SessionUpdate, { type: 'events' }>): void {
    if (!this.ready || this.disposed) return;
    const view = { scope: update.scope, canSwitchScope: update.canSwitchScope };
    if (update.replace) this.post(this.rowFeed.start(update.events, view));
    else if (this.rowFeed.feeding) this.post(this.rowFeed.start(this.session.state.rows, view));
    else this.post(update);
  }

  private postNextPart(feed: unknown): void {
    if (typeof feed !== 'number') return;
    const part = this.rowFeed.next(feed);
    if (!part) return;
    this.post(part);
    if (this.rowFeed.feeding) return;
    this.postSelection();
    if (this.pendingExport) this.post(this.pendingExport);
  }

  /** Selects (and expands) one event of the timeline by its key, now or once the page holds it. */
  selectEvent(key: string): void {
    this.pendingSelection = key;
    this.postSelection();
  }

  private postSelection(): void {
    const key = this.pendingSelection;
    if (key === undefined || !this.ready || this.rowFeed.feeding || !this.session.eventByKey(key)) return;
    this.pendingSelection = undefined;
    this.selectedEvent = key;
    this.post({ type: 'select', key, expand: true });
  }

  private postSnapshot(): void {
    const state = this.session.state;
    this.post({
      type: 'init',
      target: state.target,
      title: this.title(),
      strings: webviewStrings(vscode),
      locale: vscode.env.language,
      canSwitchScope: state.canSwitchScope,
      autoRefreshSeconds: AUTO_REFRESH_SECONDS,
    });
    if (state.target.kind === 'call') this.post({ type: 'status', view: state.status });
    this.post({ type: 'progress', view: state.progress });
    if (this.session.hasTimeline) {
      this.post(this.rowFeed.start(state.rows, { scope: state.scope, canSwitchScope: state.canSwitchScope }));
      this.postFindings();
      this.postSelection();
    }
    this.post({ type: 'timelineError', error: state.timelineError });
    this.post({ type: 'timelineNotice', notice: state.timelineNotice });
    this.post({ type: 'autoRefresh', active: state.autoRefresh });
  }

  /** The call doctor on the events held, for the Findings section (and the tree and hover). */
  private postFindings(): void {
    const events = this.session.state.events;
    const tapped = events.some((event) => event.tap !== undefined);
    if (tapped) this.readDoctorConnection(events);
    const diagnosis = diagnosePanelEvents(events, this.doctorConnection);
    this.post({ type: 'findings', view: findingsViewOf(diagnosis, events) });
    this.env.services.findings.remember(this.account.account?.id, events, diagnosis.findings);
    if (this.session.state.target.kind === 'call')
      this.env.services.seenEvents.record(this.account.account?.id, events, tapped ? 'tap' : 'panel', diagnosis);
  }

  private readDoctorConnection(events: readonly { metadata?: unknown }[]): void {
    if (this.doctorConnectionAsked) return;
    const connectionId = events
      .map((event) => webhookPayload(event.metadata)?.connection_id)
      .find((id): id is string => typeof id === 'string' && id !== '');
    if (!connectionId) return;
    this.doctorConnectionAsked = true;
    void (async () => {
      try {
        const api = await this.account.getApi();
        if (!api || this.disposed) return;
        this.doctorConnection = await api.getConnection(connectionId);
        if (!this.disposed) this.postFindings();
      } catch (error) {
        // Without it the findings only judge answers that failed, not answers that came too late.
        this.env.services.log.warn(`Call details: connection of a tapped call not read: ${String(error)}`);
      }
    })();
  }

  private postMetadata(key: unknown): void {
    if (typeof key !== 'string') return;
    const event = this.session.eventByKey(key);
    this.post(
      event
        ? { type: 'metadata', key, found: true, metadata: event.metadata }
        : { type: 'metadata', key, found: false },
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.session.dispose();
    for (const disposable of this.disposables) disposable.dispose();
    this.webviewPanel.dispose();
    this.onDispose(this);
  }
}
