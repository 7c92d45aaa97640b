import * as vscode from 'vscode';
import type { ApiAccess } from '../services/apiAccess';
import type { Logger } from '../services/logger';
import type { CallDetailsOpener, CallHangUps, Services, TreeRevealer } from '../services/services';
import type { HangUpService } from './hangUp';
import { loadActions } from './loader';

/**
 * The commands that act on calls rather than read them: Place Test Call… here; Hang Up is offered
 * where a call is shown (a tree row's menu, the call panel, its doctor's finding) through
 * `services.hangUps`. Their code is loaded when first used (./loader.ts).
 */
export function registerActions(
  services: Services,
  deps: { callDetails: CallDetailsOpener; tree: TreeRevealer },
): void {
  services.context.subscriptions.push(
    // Arguments are ignored on purpose: a keybinding, task or link cannot choose what is dialled.
    vscode.commands.registerCommand('telnyx.placeTestCall', () => loadActions().placeTestCall(services, deps)),
  );
}

/** `services.hangUps`: the hang-up service, made (and its code loaded) at the first hang-up. */
export function hangUpsOnFirstUse(access: ApiAccess, log: Logger): CallHangUps {
  let service: HangUpService | undefined;
  return {
    hangUp: (request) => {
      service ??= new (loadActions().HangUpService)(access, log);
      return service.hangUp(request);
    },
  };
}
