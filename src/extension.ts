import * as vscode from 'vscode';
import { registerCallDetails } from './callDetails';
import { registerCommands } from './commands';
import { registerHover, type HoverFeature } from './hover';
import { ApiAccess } from './services/apiAccess';
import { CallIndex } from './services/callIndex';
import { Logger } from './services/logger';
import type { CallDetailsOpener, Services, TreeRevealer } from './services/services';
import { registerConnectionsTree } from './tree';

/** Returned from activate() so that the in-host tests can reach the running features. */
export interface TelnyxCallsExtensionApi {
  services: Services;
  callDetails: CallDetailsOpener;
  tree: TreeRevealer;
  /** Lets in-host tests drive the hover cache's clock. */
  hover: HoverFeature;
}

// Construct, register, return: no network and nothing heavy here (the API client loads on first use).
export function activate(context: vscode.ExtensionContext): TelnyxCallsExtensionApi {
  const log = new Logger();
  const apiAccess = new ApiAccess(context.secrets, log);
  context.subscriptions.push(log, apiAccess);
  const services: Services = { context, log, apiAccess, callIndex: new CallIndex() };

  const callDetails = registerCallDetails(services);
  const tree = registerConnectionsTree(services, callDetails);
  registerCommands(services, { callDetails, tree });
  const hover = registerHover(services, { callDetails, tree });
  void apiAccess.resolveKey();
  return { services, callDetails, tree, hover };
}

export function deactivate(): void {}
