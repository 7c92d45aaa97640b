import * as vscode from 'vscode';
import type { Services } from '../services/services';
import type { TelnyxApi } from '../telnyx/api';
import { failureSentence } from '../text/failure';

/**
 * The client of the account in use, for a command about to read. Undefined once the user has been told why there is
 * none: a key that could not be read (an error message), or no key (`sayNoKey`).
 */
export async function accountApiOrSay(services: Services, sayNoKey: () => void): Promise<TelnyxApi | undefined> {
  let api: TelnyxApi | undefined;
  try {
    api = await services.apiAccess.getApi();
  } catch (error) {
    void vscode.window.showErrorMessage(failureSentence(error, vscode, { redact: services.log.redact }));
    return undefined;
  }
  if (!api) sayNoKey();
  return api;
}
