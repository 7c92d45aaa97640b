import type * as vscode from 'vscode';
import type { Services } from '../services/services';
import { registerAddAccount } from './addAccount';
import { registerClearApiKey } from './clearApiKey';
import { registerPreferredAccount } from './preferredAccount';
import { registerRemoveAccount } from './removeAccount';
import { registerSetApiKey } from './setApiKey';
import { registerSwitchAccount } from './switchAccount';

/**
 * Set and Clear API Key, Add, Switch and Remove Account, and the workspace's recommended account,
 * looked at once `ready` (ApiAccess's first read, after the accounts were migrated) settles.
 */
export function registerAccounts(services: Services, ready: Promise<unknown>): void {
  const subscriptions: vscode.Disposable[] = [
    registerSetApiKey(services),
    registerClearApiKey(services),
    registerAddAccount(services),
    registerSwitchAccount(services),
    registerRemoveAccount(services),
    registerPreferredAccount(services, ready),
  ];
  services.context.subscriptions.push(...subscriptions);
}
