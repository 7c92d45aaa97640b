import * as vscode from 'vscode';
import { callIdsFromArgument } from '../core/call';

export const OPEN_CALL_DETAILS_COMMAND = 'telnyx.openCallDetails';

export interface CallHints {
  callControlId: string;
  legId?: string;
  sessionId?: string;
  /** An event to select once the timeline holds it: its key (timeline/model `eventKey`). */
  selectEvent?: string;
}

/**
 * The command's argument: a call_control_id, or any object with a `callControlId` string (tree
 * nodes pass themselves). Leg and session ids are taken too when the object has them, so the
 * timeline stays reachable after the call's status expires. Parsed by the core, like every call
 * command's argument. `selectEvent` (an event's key) selects that event once the timeline holds it.
 */
export function callFromArgument(argument: unknown): CallHints | undefined {
  const ids = callIdsFromArgument(argument);
  if (!ids?.callControlId) return undefined;
  const selectEvent =
    typeof argument === 'object' &&
    argument !== null &&
    'selectEvent' in argument &&
    typeof argument.selectEvent === 'string'
      ? argument.selectEvent
      : undefined;
  return { callControlId: ids.callControlId, legId: ids.legId, sessionId: ids.sessionId, selectEvent };
}

export function registerOpenCallDetailsCommand(open: (call: CallHints) => Promise<void>): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_CALL_DETAILS_COMMAND, async (argument?: unknown) => {
    let call = callFromArgument(argument);
    if (!call) {
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('Open Call Details'),
        prompt: vscode.l10n.t('The call_control_id of the call (v3:…)'),
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter a call_control_id.')),
      });
      if (!typed?.trim()) return;
      call = { callControlId: typed.trim() };
    }
    await open(call);
  });
}
