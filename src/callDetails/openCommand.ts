import * as vscode from 'vscode';
import type { CallDetailsOpener } from '../services/services';

export const OPEN_CALL_DETAILS_COMMAND = 'telnyx.openCallDetails';

export interface CallHints {
  callControlId: string;
  legId?: string;
  sessionId?: string;
}

function stringProp(value: object, ...names: string[]): string | undefined {
  for (const name of names) {
    const found = (value as Record<string, unknown>)[name];
    if (typeof found === 'string' && found.trim()) return found.trim();
  }
  return undefined;
}

/**
 * The command's argument: a call_control_id, or any object with a `callControlId` string (tree
 * nodes pass themselves). Leg and session ids are taken too when the object has them, so the
 * timeline stays reachable after the call's status expires.
 */
export function callFromArgument(argument: unknown): CallHints | undefined {
  if (typeof argument === 'string' && argument.trim()) return { callControlId: argument.trim() };
  if (typeof argument !== 'object' || argument === null) return undefined;
  const callControlId = stringProp(argument, 'callControlId', 'call_control_id');
  if (!callControlId) return undefined;
  const nested = (argument as { call?: unknown }).call;
  const from = typeof nested === 'object' && nested !== null ? nested : argument;
  return {
    callControlId,
    legId: stringProp(argument, 'callLegId', 'legId', 'call_leg_id') ?? stringProp(from, 'call_leg_id', 'callLegId'),
    sessionId: stringProp(argument, 'callSessionId', 'sessionId', 'call_session_id') ?? stringProp(from, 'call_session_id', 'callSessionId'),
  };
}

export function registerOpenCallDetailsCommand(
  open: (call: CallHints) => Promise<void>,
): vscode.Disposable {
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

export type { CallDetailsOpener };
