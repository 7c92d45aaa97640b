import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';
import { registerClearApiKey } from './clearApiKey';
import { registerCopyAsCurl } from './copyAsCurl';
import { registerCopyText } from './copyText';
import { registerDiagnoseCall } from './diagnoseCall';
import { registerFindConnection } from './findConnection';
import { registerLookUpCall } from './lookUpCall';
import { registerRevealCall } from './revealCall';
import { registerSetApiKey } from './setApiKey';
import { registerShowCallEvents } from './showCallEvents';
import { registerShowLog } from './showLog';

/** Palette commands, key commands and the commands behind hover links. */
export function registerCommands(services: Services, { callDetails, tree }: { callDetails: CallDetailsOpener; tree: TreeRevealer }): void {
  services.context.subscriptions.push(
    registerSetApiKey(services),
    registerClearApiKey(services),
    registerLookUpCall(callDetails),
    registerShowCallEvents(callDetails),
    registerFindConnection(services, tree),
    registerShowLog(services),
    registerCopyText(),
    registerCopyAsCurl(services),
    registerRevealCall(services.calls, tree),
    registerDiagnoseCall(services),
  );
}
