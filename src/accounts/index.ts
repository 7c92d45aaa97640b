import type * as vscode from 'vscode';
import type { Services } from '../services/services';
import { registerAddAccount } from './addAccount';
import { registerPreferredAccount } from './preferredAccount';
import { registerRemoveAccount } from './removeAccount';
import { registerSwitchAccount } from './switchAccount';

/** Add, Switch and Remove Account, and the workspace's recommended account. */
export function registerAccounts(services: Services): void {
  const subscriptions: vscode.Disposable[] = [
    registerAddAccount(services),
    registerSwitchAccount(services),
    registerRemoveAccount(services),
    registerPreferredAccount(services, services.apiAccess.resolveKey()),
  ];
  services.context.subscriptions.push(...subscriptions);
}
