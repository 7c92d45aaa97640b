import * as vscode from 'vscode';
import type { Connection } from '../../telnyx/types';
import { visibleLabel, visibleText } from '../../text/visible';
import type { CountState } from '../model/connectionsModel';
import type { TreeNode } from './treeNode';

/** One connection; expands to its active calls. */
export class ConnectionNode implements TreeNode {
  readonly kind = 'connection';
  readonly parent = undefined;
  readonly id: string;

  constructor(
    public connection: Connection,
    private readonly countOf: (connectionId: string) => CountState | undefined,
  ) {
    this.id = `connection/${connection.id}`;
  }

  get connectionId(): string {
    return this.connection.id;
  }

  toTreeItem(): vscode.TreeItem {
    const c = this.connection;
    const item = new vscode.TreeItem(
      visibleLabel(c.connection_name?.trim() || c.id),
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    const inactive = c.active === false;
    item.description = [visibleLabel(c.record_type), inactive ? vscode.l10n.t('inactive') : undefined, this.countText()]
      .filter((part) => !!part)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(inactive ? 'debug-disconnect' : 'plug');
    item.contextValue = inactive ? 'telnyx.connection.inactive' : 'telnyx.connection';
    // No tooltip: built on hover (tooltip()), like a call row's.
    return item;
  }

  private countText(): string | undefined {
    const count = this.countOf(this.connection.id);
    switch (count?.kind) {
      case 'known':
        return count.total === 0
          ? vscode.l10n.t('no active calls')
          : count.total === 1
            ? vscode.l10n.t('1 active call')
            : vscode.l10n.t('{0} active calls', count.total);
      case 'atLeast':
        return vscode.l10n.t('{0}+ active calls', count.total);
      case 'unsupported':
        return vscode.l10n.t('no active-calls list');
      case 'failed':
        return vscode.l10n.t('active calls unknown');
      default:
        return undefined;
    }
  }

  tooltip(): vscode.MarkdownString {
    const c = this.connection;
    const md = new vscode.MarkdownString();
    const line = (label: string, value: string | undefined | null) => {
      md.appendMarkdown(`**${label}:** `);
      md.appendText(value === undefined || value === null || value === '' ? '—' : visibleText(value));
      md.appendMarkdown('  \n');
    };
    line(vscode.l10n.t('Name'), c.connection_name);
    line(vscode.l10n.t('Connection id'), c.id);
    line(vscode.l10n.t('Type'), c.record_type);
    line(
      vscode.l10n.t('Active'),
      c.active === undefined ? undefined : c.active ? vscode.l10n.t('yes') : vscode.l10n.t('no'),
    );
    line(vscode.l10n.t('Active calls'), this.countText());
    line(vscode.l10n.t('Webhook URL'), c.webhook_event_url);
    line(vscode.l10n.t('Failover URL'), c.webhook_event_failover_url);
    line(vscode.l10n.t('Webhook API version'), c.webhook_api_version);
    if (c.outbound_voice_profile_id) line(vscode.l10n.t('Outbound voice profile'), c.outbound_voice_profile_id);
    if (c.anchorsite_override) line(vscode.l10n.t('Anchorsite'), c.anchorsite_override);
    if (c.tags?.length) line(vscode.l10n.t('Tags'), c.tags.join(', '));
    if (c.created_at) line(vscode.l10n.t('Created'), c.created_at);
    if (c.updated_at) line(vscode.l10n.t('Updated'), c.updated_at);
    return md;
  }
}
