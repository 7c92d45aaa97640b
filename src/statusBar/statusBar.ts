import * as vscode from 'vscode';
import type { LiveCallsSummary, Services } from '../services/services';
import { describeFailure } from '../text/failure';
import { checkDueInMs } from './checkPolicy';
import { readFailedDeliveries, type FailedDeliveries } from './failedDeliveries';
import { statusBarView, type StatusBarView } from './presentation';

/** The item's id: VS Code keeps the user's choice to hide it under this id. */
export const STATUS_BAR_ITEM_ID = 'telnyx.status';
export const SHOW_STATUS_MENU_COMMAND = 'telnyx.showStatusMenu';
/** Lets the user turn the check of failed deliveries (and its requests) off. */
export const FAILED_DELIVERIES_SETTING = 'telnyx.statusBar.failedDeliveries';

function checksFailedDeliveries(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(FAILED_DELIVERIES_SETTING, true) !== false;
}

/** What the status bar is told by the features that know it (wired in src/extension.ts). */
export interface StatusBarSources {
  /** The active account's name; undefined when no API key is set. */
  accountName(): string | undefined;
  /** Another account (or none): what was read is forgotten and the name shown again. */
  onDidChangeAccount: vscode.Event<void>;
  /** The live calls the Connections view has counted. */
  liveCalls(): LiveCallsSummary;
  onDidChangeLiveCalls: vscode.Event<void>;
  /** A connection's name when the Connections view has read it. */
  connectionName(connectionId: string): string | undefined;
}

/** What the item shows, read back from the item itself. */
export interface StatusBarShown {
  text: string;
  /** The tooltip's markdown source. */
  tooltip: string;
  /** The item has the warning background. */
  warning: boolean;
  command: string | undefined;
}

/**
 * The status bar item: the account, the live calls counted, and a warning when webhook deliveries
 * failed in the last 15 minutes (checked at most once a minute, only while the window has focus,
 * never in the first minute after activation; see checkPolicy.ts). A failed check is told in the
 * tooltip only.
 */
export class TelnyxStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly startedAt = Date.now();
  private failed: FailedDeliveries | undefined;
  private checkProblem: { message: string; action: string } | undefined;
  private lastCheckAt: number | undefined;
  private checking: Promise<void> | undefined;
  private stopCheck: AbortController | undefined;
  /** A new account starts a new generation: a check of the previous one is dropped. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private viewValue: StatusBarView;

  constructor(
    private readonly services: Services,
    private readonly sources: StatusBarSources,
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Left);
    this.item.name = vscode.l10n.t('Telnyx Calls');
    this.item.command = SHOW_STATUS_MENU_COMMAND;
    this.viewValue = this.render();
    this.item.show();
    this.disposables.push(
      this.item,
      sources.onDidChangeAccount(() => this.accountChanged()),
      sources.onDidChangeLiveCalls(() => this.render()),
      vscode.window.onDidChangeWindowState(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(FAILED_DELIVERIES_SETTING)) this.checkingTurned();
      }),
    );
    this.schedule();
  }

  get view(): StatusBarView {
    return this.viewValue;
  }

  get shown(): StatusBarShown {
    const tooltip = this.item.tooltip;
    const command = this.item.command;
    return {
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      warning:
        this.item.backgroundColor instanceof vscode.ThemeColor &&
        this.item.backgroundColor.id === 'statusBarItem.warningBackground',
      command: typeof command === 'string' ? command : command?.command,
    };
  }

  /** The last answer of the check under the current account. */
  get failedDeliveries(): FailedDeliveries | undefined {
    return this.failed;
  }

  get lastCheckStartedAt(): number | undefined {
    return this.lastCheckAt;
  }

  /**
   * Reads the failed deliveries now (the timer's check, or the menu's when its result is over a
   * minute old); joins a check in flight. Never rejects.
   */
  checkFailedDeliveries(): Promise<void> {
    if (this.checking) return this.checking;
    if (!checksFailedDeliveries()) return Promise.resolve();
    const generation = this.generation;
    const stop = new AbortController();
    this.stopCheck = stop;
    this.lastCheckAt = Date.now();
    const run = this.readFailed(generation, stop.signal).finally(() => {
      if (this.checking === run) this.checking = undefined;
      if (this.stopCheck === stop) this.stopCheck = undefined;
      this.render();
      this.schedule();
    });
    this.checking = run;
    return run;
  }

  private async readFailed(generation: number, signal: AbortSignal): Promise<void> {
    try {
      const api = await this.services.apiAccess.getApi();
      if (generation !== this.generation) return;
      if (!api) {
        this.failed = undefined;
        this.checkProblem = undefined;
        return;
      }
      const result = await readFailedDeliveries(api, Date.now(), signal);
      if (generation !== this.generation) return;
      this.failed = result;
      this.checkProblem = undefined;
    } catch (error) {
      if (generation !== this.generation) return;
      const report = describeFailure(error, vscode, { redact: (text) => this.services.log.redact(text) });
      this.checkProblem = { message: report.message, action: report.action };
      this.services.log.warn(
        `Could not check for failed webhook ` +
          `deliveries: ${report.message}${report.detail ? ` (${report.detail.replace(/\n/g, '; ')})` : ''}`,
      );
    }
  }

  /** Turned off, what was read is forgotten (and a check in flight dropped); turned on, the timer starts. */
  private checkingTurned(): void {
    if (!checksFailedDeliveries()) this.forgetChecks();
    this.render();
    this.schedule();
  }

  private accountChanged(): void {
    this.forgetChecks();
    this.render();
    this.schedule();
  }

  private forgetChecks(): void {
    this.generation += 1;
    this.stopCheck?.abort();
    this.stopCheck = undefined;
    this.checking = undefined;
    this.failed = undefined;
    this.checkProblem = undefined;
    this.lastCheckAt = undefined;
  }

  /** Sets (or clears) the timer of the next check from the rules of checkPolicy.ts. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const dueIn = checkDueInMs({
      now: Date.now(),
      startedAt: this.startedAt,
      windowFocused: vscode.window.state.focused,
      hasKey: this.sources.accountName() !== undefined,
      enabled: checksFailedDeliveries(),
      lastCheckAt: this.lastCheckAt,
      checking: this.checking !== undefined,
    });
    if (dueIn === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.checkFailedDeliveries();
    }, dueIn);
  }

  private render(): StatusBarView {
    const view = statusBarView(
      {
        account: this.sources.accountName(),
        liveCalls: this.sources.liveCalls(),
        checksFailedDeliveries: checksFailedDeliveries(),
        failed: this.failed,
        checkProblem: this.checkProblem,
        connectionName: (id) => this.sources.connectionName(id),
      },
      vscode,
    );
    this.viewValue = view;
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString();
    view.tooltip.forEach((paragraph, index) => {
      if (index > 0) tooltip.appendMarkdown('\n\n');
      tooltip.appendText(paragraph);
    });
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: view.accessibilityLabel };
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    return view;
  }

  dispose(): void {
    this.generation += 1;
    this.stopCheck?.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
