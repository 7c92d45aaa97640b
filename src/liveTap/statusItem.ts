import * as vscode from 'vscode';
import type { LiveTapHolder } from '../services/liveTap';
import { commandTapBaseUrl, webhookTapUrl } from './instructions';

/** The item's id: VS Code keeps the user's choice to hide it under this id. */
const LIVE_TAP_ITEM_ID = 'telnyx.liveTap';
export const SHOW_LIVE_TAP_MENU_COMMAND = 'telnyx.showLiveTapMenu';
/** Recorded entries can come many a second: the item is re-rendered at most this often. */
const RENDER_DELAY_MS = 150;

/** What the item shows, read back from the item itself (tests, the extension's API). */
export interface LiveTapItemShown {
  visible: boolean;
  text: string;
  tooltip: string;
  command: string | undefined;
}

/** "$(broadcast) Tap · 3 calls" while a tap listens; hidden otherwise. Click: the tap's menu. */
export class LiveTapStatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: { dispose(): void };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private visible = false;

  constructor(private readonly holder: LiveTapHolder) {
    this.item = vscode.window.createStatusBarItem(LIVE_TAP_ITEM_ID, vscode.StatusBarAlignment.Left);
    this.item.name = vscode.l10n.t('Telnyx Live Tap');
    this.item.command = SHOW_LIVE_TAP_MENU_COMMAND;
    this.subscription = holder.onDidChange((change) =>
      change.kind === 'recorded' ? this.renderSoon() : this.render(),
    );
    this.render();
  }

  shown(): LiveTapItemShown {
    const tooltip = this.item.tooltip;
    return {
      visible: this.visible,
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      command: typeof this.item.command === 'string' ? this.item.command : this.item.command?.command,
    };
  }

  private renderSoon(): void {
    this.timer ??= setTimeout(() => this.render(), RENDER_DELAY_MS);
  }

  private render(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const status = this.holder.current()?.status();
    if (!status?.listening) {
      this.visible = false;
      this.item.hide();
      return;
    }
    this.item.text =
      status.calls === 1
        ? vscode.l10n.t('$(broadcast) Tap · 1 call')
        : vscode.l10n.t('$(broadcast) Tap · {0} calls', status.calls);
    this.item.tooltip = vscode.l10n.t(
      'Telnyx live tap on: webhooks in at {0}, forwarded to {1}; ' +
        'your application sends commands to TELNYX_BASE_URL={2}. Click for its menu.',
      webhookTapUrl(status),
      status.appUrl,
      commandTapBaseUrl(status),
    );
    this.item.accessibilityInformation = { label: vscode.l10n.t('Telnyx live tap on, {0} calls', status.calls) };
    this.visible = true;
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}
