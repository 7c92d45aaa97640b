import * as vscode from 'vscode';
import type { LiveTapHolder } from '../../services/liveTap';
import type { TappedCall } from '../../tap/model';
import { visibleLabel, visibleText } from '../../text/visible';
import { truncate } from '../model/format';
import { appHostOf, lastTappedEvent, newestFirst, tappedCallState, type TappedCallState } from '../model/tappedCalls';
import { MessageNode } from './messageNode';
import type { TreeNode } from './treeNode';

export const LIVE_TAP_NODE_ID = 'liveTap';

function callsText(count: number): string {
  return count === 1 ? vscode.l10n.t('1 call') : vscode.l10n.t('{0} calls', count);
}

/** "Live tap": at the top of the Connections view once a tap has run in this window; its calls beneath. */
export class LiveTapNode implements TreeNode {
  readonly kind = 'liveTap';
  readonly id = LIVE_TAP_NODE_ID;
  readonly parent = undefined;
  private readonly callNodes = new Map<string, TappedCallNode>();

  constructor(private readonly holder: LiveTapHolder) {}

  /** A tap has run in this window (running, or stopped with its record). */
  get shown(): boolean {
    return this.holder.current() !== undefined;
  }

  /** The summary line: "Listening · forwarding to localhost:3000 · 3 calls" or "Stopped · 3 calls". */
  description(): string {
    const status = this.holder.current()?.status();
    if (!status) return '';
    return status.listening
      ? vscode.l10n.t('Listening · forwarding to {0} · {1}', appHostOf(status.appUrl), callsText(status.calls))
      : vscode.l10n.t('Stopped · {0}', callsText(status.calls));
  }

  toTreeItem(): vscode.TreeItem {
    const status = this.holder.current()?.status();
    const item = new vscode.TreeItem(vscode.l10n.t('Live tap'), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = this.description();
    item.iconPath = new vscode.ThemeIcon(status?.listening ? 'broadcast' : 'debug-pause');
    item.contextValue = status?.listening ? 'telnyx.liveTap.listening' : 'telnyx.liveTap.stopped';
    if (status) {
      item.tooltip = status.listening
        ? vscode.l10n.t(
            'Webhooks in at http://127.0.0.1:{0}, forwarded to {1}. Commands in at http://127.0.0.1:{2}/v2.',
            status.webhookPort,
            status.appUrl,
            status.apiPort,
          )
        : vscode.l10n.t(
            'Stopped: ports {0} and {1} are free. What it recorded stays here until the window closes.',
            status.webhookPort,
            status.apiPort,
          );
    }
    return item;
  }

  children(): TreeNode[] {
    const tap = this.holder.current();
    if (!tap) return [];
    const calls = newestFirst(tap.calls());
    const present = new Set(calls.map((call) => call.callControlId));
    for (const id of [...this.callNodes.keys()]) if (!present.has(id)) this.callNodes.delete(id);
    const rows: TreeNode[] = calls.map((call) => this.callNode(call));
    const status = tap.status();
    if (status.droppedCalls > 0) {
      rows.push(
        new MessageNode(this, {
          key: 'dropped',
          label:
            status.droppedCalls === 1
              ? vscode.l10n.t('1 older call dropped')
              : vscode.l10n.t('{0} older calls dropped', status.droppedCalls),
          tone: 'info',
          tooltip: vscode.l10n.t('The tap keeps the latest calls only; the oldest goes first.'),
        }),
      );
    }
    if (calls.length === 0) {
      rows.push(
        new MessageNode(this, {
          key: 'no-calls',
          label: status.listening
            ? vscode.l10n.t('No call yet: waiting for webhooks on port {0}', status.webhookPort)
            : vscode.l10n.t('No call was tapped'),
          tone: 'info',
        }),
      );
    }
    return rows;
  }

  private callNode(call: TappedCall): TappedCallNode {
    let node = this.callNodes.get(call.callControlId);
    if (!node) {
      node = new TappedCallNode(this, call);
      this.callNodes.set(call.callControlId, node);
    } else {
      node.call = call;
    }
    return node;
  }
}

const STATE_ICON: Record<TappedCallState, string> = {
  ringing: 'bell',
  answered: 'pulse',
  ended: 'circle-slash',
  unknown: 'question',
};

/** What went wrong on the call as the tap saw it: the application's answers and Telnyx's refusals. */
function troubleOf(call: TappedCall): { appFailures: number; refusedCommands: number } {
  let appFailures = 0;
  let refusedCommands = 0;
  for (const entry of call.entries) {
    if (entry.kind === 'webhook') {
      const status = entry.app.status;
      if (entry.app.failure || (status !== undefined && (status < 200 || status > 299))) appFailures++;
    } else {
      const status = entry.telnyx.status;
      if (entry.telnyx.failure || (status !== undefined && (status < 200 || status > 299))) refusedCommands++;
    }
  }
  return { appFailures, refusedCommands };
}

/** One tapped call: from → to, its state and the latest event; clicking opens the usual call panel. */
export class TappedCallNode implements TreeNode {
  readonly kind = 'tappedCall';
  readonly id: string;

  constructor(
    readonly parent: LiveTapNode,
    public call: TappedCall,
  ) {
    this.id = `${LIVE_TAP_NODE_ID}/call/${call.callControlId}`;
  }

  get callControlId(): string {
    return this.call.callControlId;
  }
  get callLegId(): string | undefined {
    return this.call.callLegId;
  }
  get callSessionId(): string | undefined {
    return this.call.callSessionId;
  }

  stateText(): string {
    switch (tappedCallState(this.call)) {
      case 'ringing':
        return vscode.l10n.t('ringing');
      case 'answered':
        return vscode.l10n.t('answered');
      case 'ended':
        return vscode.l10n.t('ended');
      default:
        return vscode.l10n.t('state unknown');
    }
  }

  label(): string {
    const unknown = vscode.l10n.t('unknown');
    const from = this.call.from ? visibleLabel(this.call.from) : unknown;
    const to = this.call.to ? visibleLabel(this.call.to) : unknown;
    return vscode.l10n.t('{0} → {1}', truncate(from, 24), truncate(to, 24));
  }

  /** "answered · call.speak.ended", or "answered · app failed 1 webhook" when something went wrong. */
  description(): string {
    const last = lastTappedEvent(this.call);
    const parts = [this.stateText()];
    if (last)
      parts.push(
        last.kind === 'webhook' ? visibleLabel(last.name) : vscode.l10n.t('sent {0}', visibleLabel(last.name)),
      );
    const trouble = troubleOf(this.call);
    if (trouble.appFailures) parts.push(vscode.l10n.t('application failed {0}', trouble.appFailures));
    if (trouble.refusedCommands) parts.push(vscode.l10n.t('Telnyx refused {0}', trouble.refusedCommands));
    return parts.join(' · ');
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label(), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.description();
    const trouble = troubleOf(this.call);
    item.iconPath =
      trouble.appFailures || trouble.refusedCommands
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon(STATE_ICON[tappedCallState(this.call)]);
    item.contextValue = 'telnyx.tappedCall';
    item.command = {
      command: 'telnyx.openCallDetails',
      title: vscode.l10n.t('Open Call Details'),
      arguments: [this.call.callControlId],
    };
    item.accessibilityInformation = { label: vscode.l10n.t('Tapped call {0}, {1}', this.label(), this.description()) };
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const call = this.call;
    const md = new vscode.MarkdownString();
    const line = (label: string, value: string | undefined) => {
      md.appendMarkdown(`**${label}:** `);
      md.appendText(value ? visibleText(value) : '—');
      md.appendMarkdown('  \n');
    };
    line(vscode.l10n.t('State'), this.stateText());
    line('call_control_id', call.callControlId);
    line('call_leg_id', call.callLegId);
    line('call_session_id', call.callSessionId);
    line(vscode.l10n.t('Connection id'), call.connectionId);
    line(vscode.l10n.t('First seen'), new Date(call.firstAtMs).toLocaleTimeString());
    line(vscode.l10n.t('Last seen'), new Date(call.lastAtMs).toLocaleTimeString());
    const webhooks = call.entries.filter((e) => e.kind === 'webhook').length;
    line(
      vscode.l10n.t('Tapped'),
      vscode.l10n.t('{0} webhooks, {1} commands', webhooks, call.entries.length - webhooks),
    );
    return md;
  }
}
