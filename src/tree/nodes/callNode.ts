import * as vscode from 'vscode';
import type { Finding } from '../../doctor/types';
import { durationSeconds } from '../../core/call';
import { summarizeFindings } from '../../doctor/summary';
import type { ActiveCall } from '../../telnyx/types';
import { visibleLabel, visibleText } from '../../text/visible';
import { clientStateOnRow, formatDuration, shortenId, truncate } from '../model/format';
import type { Loaded } from '../model/pagedList';
import type { ConnectionNode } from './connectionNode';
import type { TreeNode } from './treeNode';

/**
 * One active call. Exposes the three ids so commands (and the call details helper) can take the
 * node itself as their argument.
 */
export class CallNode implements TreeNode {
  readonly kind = 'call';
  readonly id: string;

  constructor(
    readonly parent: ConnectionNode,
    public loaded: Loaded<ActiveCall>,
    /** The call doctor's findings of a session, under the account the row was listed under. */
    private readonly findingsOf: (sessionId: string) => readonly Finding[] | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.id = `call/${parent.connectionId}/${loaded.item.call_control_id}`;
  }

  get call(): ActiveCall {
    return this.loaded.item;
  }
  get callControlId(): string {
    return this.loaded.item.call_control_id;
  }
  get callLegId(): string {
    return this.loaded.item.call_leg_id;
  }
  get callSessionId(): string {
    return this.loaded.item.call_session_id;
  }
  get connectionId(): string {
    return this.parent.connectionId;
  }

  /** Seconds since the call started (the core's rule: the server's figure plus the time since it was read). */
  durationSeconds(): number {
    return durationSeconds(this.call, this.now(), this.loaded.readAt) ?? 0;
  }

  toTreeItem(): vscode.TreeItem {
    const call = this.call;
    const decodedState = clientStateOnRow(call.client_state);
    const state = decodedState === undefined ? undefined : visibleLabel(decodedState);
    const leg = vscode.l10n.t('leg {0}', shortenId(call.call_leg_id));
    const duration = formatDuration(this.durationSeconds());
    // The duration leads so that it stays visible in a narrow side bar; the stable id keeps the row.
    const item = new vscode.TreeItem(duration, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const problem = call.problem ? vscode.l10n.t('incomplete row: {0}', call.problem) : undefined;
    item.description = [state ? truncate(state) : undefined, leg, problem].filter(Boolean).join(' · ');
    if (call.problem) item.iconPath = new vscode.ThemeIcon('warning');
    item.iconPath ??= new vscode.ThemeIcon('pulse');
    item.contextValue = 'telnyx.call';
    item.command = {
      command: 'telnyx.openCallDetails',
      title: vscode.l10n.t('Open Call Details'),
      arguments: [call.call_control_id],
    };
    // Only for sessions whose events a panel has read: the tree itself never reads events.
    const serious = (this.findingsOf(call.call_session_id) ?? []).filter((f) => f.severity !== 'info');
    if (serious.length) {
      const error = serious.some((f) => f.severity === 'error');
      item.iconPath = new vscode.ThemeIcon(
        error ? 'error' : 'warning',
        new vscode.ThemeColor(error ? 'list.errorForeground' : 'list.warningForeground'),
      );
    }
    // No tooltip: the row is re-rendered every second, the tooltip only on hover (tooltip()).
    item.accessibilityInformation = {
      label: vscode.l10n.t('Call {0}, {1}', state ?? leg, duration),
    };
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const call = this.call;
    const decodedState = clientStateOnRow(call.client_state);
    const state = decodedState === undefined ? undefined : visibleLabel(decodedState);
    const md = new vscode.MarkdownString();
    const line = (label: string, value: string) => {
      md.appendMarkdown(`**${label}:** `);
      md.appendText(visibleText(value));
      md.appendMarkdown('  \n');
    };
    line(vscode.l10n.t('Duration'), formatDuration(this.durationSeconds()));
    line('call_control_id', call.call_control_id);
    line('call_leg_id', call.call_leg_id);
    line('call_session_id', call.call_session_id);
    line(vscode.l10n.t('Connection id'), this.parent.connectionId);
    if (state) line(vscode.l10n.t('client_state (decoded)'), state);
    if (call.client_state) line('client_state', call.client_state);
    const doctorLine = summarizeFindings(this.findingsOf(call.call_session_id) ?? [], vscode);
    if (doctorLine) line(vscode.l10n.t('Call doctor'), doctorLine);
    return md;
  }
}
