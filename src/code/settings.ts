import * as vscode from 'vscode';

/** `telnyx.code.*`: each of the three features can be turned off on its own. */
export interface CodeSettings {
  /** Completion, checks and hovers of event names and hangup causes. */
  eventNames: boolean;
  handlerLenses: boolean;
  keyCheck: boolean;
}

export function readCodeSettings(): CodeSettings {
  const config = vscode.workspace.getConfiguration('telnyx.code');
  return {
    eventNames: config.get<boolean>('eventNames', true),
    handlerLenses: config.get<boolean>('handlerLenses', true),
    keyCheck: config.get<boolean>('keyCheck', true),
  };
}
