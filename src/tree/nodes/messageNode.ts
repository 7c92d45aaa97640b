import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';

export type MessageTone = 'info' | 'loading' | 'error' | 'warning' | 'action';

export interface MessageOptions {
  /** Unique among its siblings; combined with the parent's id. */
  key: string;
  label: string;
  tone: MessageTone;
  description?: string;
  tooltip?: string;
  command?: vscode.Command;
  icon?: string;
}

const TONE_ICON: Record<MessageTone, string> = {
  info: 'info',
  loading: 'loading~spin',
  error: 'error',
  warning: 'warning',
  action: 'arrow-right',
};

/** A state shown as an ordinary row (loading, no calls, an error, an action like Set API Key). */
export class MessageNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly parent: TreeNode | undefined,
    readonly options: MessageOptions,
    readonly kind: 'message' | 'retry' = 'message',
  ) {
    this.id = `message/${parent?.id ?? 'root'}/${options.key}`;
  }

  get label(): string {
    return this.options.label;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.options.label);
    item.id = this.id;
    item.description = this.options.description;
    item.tooltip = this.options.tooltip ?? this.options.label;
    const color =
      this.options.tone === 'error'
        ? new vscode.ThemeColor('errorForeground')
        : this.options.tone === 'warning'
          ? new vscode.ThemeColor('problemsWarningIcon.foreground')
          : undefined;
    item.iconPath = new vscode.ThemeIcon(this.options.icon ?? TONE_ICON[this.options.tone], color);
    item.contextValue = `telnyx.message.${this.options.tone}`;
    item.command = this.options.command;
    return item;
  }
}

/** "Retry": repeats what failed in its parent (one connection, or the connection list). */
export class RetryNode extends MessageNode {
  constructor(
    parent: TreeNode | undefined,
    readonly retry: () => Promise<unknown>,
  ) {
    super(parent, { key: 'retry', label: vscode.l10n.t('Retry'), tone: 'action', icon: 'refresh' }, 'retry');
    this.options.command = { command: 'telnyx.retry', title: vscode.l10n.t('Retry'), arguments: [this] };
  }
}
