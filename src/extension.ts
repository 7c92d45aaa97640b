import * as vscode from 'vscode';
import { registerAccounts } from './accountCommands';
import { HangUpService, registerActions } from './actions';
import { registerCallDetails, type CallDetailsApi } from './callDetails';
import { registerChatTools } from './chat';
import { registerCode } from './code';
import { registerCommands } from './commands';
import { warnAboutRefusedBaseUrl } from './commands/refusedBaseUrl';
import { registerHover } from './hover';
import { registerLiveTap, type LiveTapFeature } from './liveTap';
import { ApiAccess } from './services/apiAccess';
import { createCallDirectory } from './calls/account';
import type { CallDirectory } from './calls/callDirectory';
import { SeenEvents } from './doctor/seenEvents';
import { KnownFindings } from './doctor/known';
import { LiveTapHolder } from './services/liveTap';
import { loadTapModule } from './services/tapLoader';
import { Logger } from './services/logger';
import type { CallDetailsOpener, Services } from './services/services';
import { registerStatusBar, type StatusBarFeature } from './statusBar';
import { registerConnectionsTree, type ConnectionsTree } from './tree';

/**
 * Returned from activate(), so `vscode.extensions.getExtension('callscope.telnyx-calls').exports`
 * (README, "Extension API"). The in-host tests reach the running features through it.
 */
export interface TelnyxCallsExtensionApi {
  services: Services;
  /** Open a call's panel; the open panels and what each holds (read-only); their controls' requests. */
  callDetails: CallDetailsApi;
  tree: ConnectionsTree;
  statusBar: StatusBarFeature;
  liveTap: LiveTapFeature;
}

/**
 * Registers every command, the Connections view, the hover, the webview serializer and the chat
 * tools with VS Code, and returns. Nothing here reads from Telnyx or loads the API client
 * (dist/telnyx.js, through src/services/telnyxLoader.ts): the first request does, when a view is shown, a
 * command runs or a hover lands on an id.
 */
export function activate(context: vscode.ExtensionContext): TelnyxCallsExtensionApi {
  const log = new Logger();
  const apiAccess = new ApiAccess(context.secrets, context.globalState, log);
  context.subscriptions.push(log, apiAccess);
  // The one place where the call directory hears of a new key or base URL (a new generation).
  const calls = createCallDirectory(apiAccess, context.globalState);
  context.subscriptions.push(calls);
  const services: Services = {
    context,
    log,
    apiAccess,
    calls: calls.directory,
    findings: new KnownFindings(),
    seenEvents: new SeenEvents(),
    hangUps: new HangUpService(apiAccess, log),
    liveTap: new LiveTapHolder(),
  };
  context.subscriptions.push(services.liveTap);

  const callDetails = registerCallDetails(services);
  const tree = registerConnectionsTree(services, callDetails);
  registerCommands(services, { callDetails, tree });
  registerActions(services, { callDetails, tree });
  registerHover(services);
  registerChatTools(services);
  registerAccounts(services, apiAccess.ready);
  // The tap's code (dist/tap.js) is loaded at the first start, never at activation.
  const liveTap = registerLiveTap(services, (options, previous) => loadTapModule().startLiveTap(options, previous));
  context.subscriptions.push(registerRefresh(tree, callDetails, calls.directory), warnAboutRefusedBaseUrl(services));

  // The status bar names the active account (src/accounts) once its key is read; a switch, a new key
  // or another API address is an `account` change.
  const accountChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    accountChanged,
    apiAccess.onDidChange((change) => {
      if (change.kind === 'account') accountChanged.fire();
    }),
  );
  registerCode(services, accountChanged.event);
  const statusBar = registerStatusBar(services, {
    accountName: () => (apiAccess.keySource === 'none' ? undefined : apiAccess.account()?.name),
    onDidChangeAccount: accountChanged.event,
    liveCalls: () => tree.liveCalls(),
    onDidChangeLiveCalls: tree.onDidChangeLiveCalls,
    connectionName: (connectionId) => tree.connectionName(connectionId),
    openEvents: (query) => callDetails.openEvents(query),
  });

  // Once the first key is read (no second read here): the status bar names the account.
  apiAccess.ready
    .then(() => accountChanged.fire())
    .catch((error: unknown) =>
      log.warn(`Could not read the stored API key: ${error instanceof Error ? error.message : String(error)}`),
    );
  return { services, callDetails, tree, statusBar, liveTap };
}

/** Telnyx: Refresh reads again everything shown: the Connections view, every open call panel, and hovers. */
function registerRefresh(
  tree: ConnectionsTree,
  callDetails: CallDetailsOpener,
  calls: CallDirectory,
): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.refresh', async () => {
    // Refresh means now: the next hover reads its call again too.
    calls.clearStatuses();
    callDetails.refreshAll();
    await tree.refreshNow();
  });
}

export function deactivate(): void {}
