import type * as vscode from 'vscode';
import type { Services } from '../services/services';
import { registerAddAccount } from './addAccount';
import { registerPreferredAccount } from './preferredAccount';
import { registerRemoveAccount } from './removeAccount';
import { registerSwitchAccount } from './switchAccount';

/**
 * Add, Switch and Remove Account, and the workspace's recommended account, looked at once `ready`
 * (ApiAccess's first read, after the accounts were migrated) settles.
 */
export function registerAccounts(services: Services, ready: Promise<unknown>): void {
  const subscriptions: vscode.Disposable[] = [
    registerAddAccount(services),
    registerSwitchAccount(services),
    registerRemoveAccount(services),
    registerPreferredAccount(services, ready),
  ];
  services.context.subscriptions.push(...subscriptions);
}
