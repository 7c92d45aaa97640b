import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';
import { registerCopyAsCurl } from './copyAsCurl';
import { registerCopyText } from './copyText';
import { registerDiagnoseCall } from './diagnoseCall';
import { registerFindConnection } from './findConnection';
import { registerLookUpCall } from './lookUpCall';
import { registerRevealCall } from './revealCall';
import { registerShowCallEvents } from './showCallEvents';
import { registerShowLog } from './showLog';

/** Palette commands and the commands behind hover links. */
export function registerCommands(
  services: Services,
  { callDetails, tree }: { callDetails: CallDetailsOpener; tree: TreeRevealer },
): void {
  services.context.subscriptions.push(
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
