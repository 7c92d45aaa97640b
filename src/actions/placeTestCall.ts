// Telnyx: Place Test Call…: a connection (a Call Control application), a `from` (the
// account's numbers on it, or typed), a `to` (typed, remembered per workspace), a modal confirmation
// naming the account and the numbers, then one Dial. The new call's panel opens and follows it.
// The command takes no arguments: nothing a workspace writes can fill in a number or a connection.
import * as vscode from 'vscode';
import { shortId } from '../core/format';
import { failureSentence } from '../text/failure';
import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';
import type { TelnyxApi } from '../telnyx/api';
import { isTelnyxError } from '../telnyx/errors';
import type { Connection, PhoneNumber } from '../telnyx/types';
import { checkDialNumber, dialableConnection, numbersOfConnection } from './dialRules';

/** workspaceState key of the last `to` dialled in this workspace. */
export const LAST_TO_KEY = 'telnyx.placeTestCall.to';
/** Enough pages of connections for any real account; the picker filters by name. */
const MAX_CONNECTION_PAGES = 20;

export async function placeTestCall(
  services: Services,
  { callDetails, tree }: { callDetails: CallDetailsOpener; tree: TreeRevealer },
): Promise<void> {
  const { apiAccess, log } = services;
  const account = apiAccess.account();
  let api: TelnyxApi | undefined;
  try {
    api = account ? await apiAccess.getApiFor(account.id) : undefined;
  } catch (error) {
    void vscode.window.showErrorMessage(failureSentence(error, vscode, { redact: log.redact }));
    return;
  }
  if (!account || !api) {
    void vscode.window.showWarningMessage(vscode.l10n.t("Set an API key first: run 'Telnyx: Set API Key'."));
    return;
  }

  const connection = await pickConnection(api, services);
  if (!connection) return;
  const from = await pickFrom(api, connection, services);
  if (!from) return;
  const state = services.context.workspaceState;
  const to = await vscode.window.showInputBox({
    title: vscode.l10n.t('Place Test Call: number to call'),
    prompt: vscode.l10n.t('An E.164 number such as +13125550100, or a SIP URI. A real call is made to it.'),
    value: state.get<string>(LAST_TO_KEY) ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => checkDialNumber(value, vscode),
  });
  if (to === undefined) return;
  const toNumber = to.trim();

  const place = vscode.l10n.t('Place Call');
  const connectionName = connection.connection_name || connection.id;
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Place a real call from {0} to {1} with account "{2}"?', from, toNumber, account.name),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Telnyx dials {0} now through connection "{1}" ({2}); the phone rings and the call may be ' +
          "charged. Its webhooks go to the connection's application.",
        toNumber,
        connectionName,
        connection.id,
      ),
    },
    place,
  );
  if (choice !== place) {
    log.info(`Place test call: cancelled, nothing sent.`);
    return;
  }
  await state.update(LAST_TO_KEY, toNumber);

  let call;
  try {
    call = await api.dial({ connectionId: connection.id, from, to: toNumber });
  } catch (error) {
    const requestId = isTelnyxError(error) ? error.requestId : undefined;
    log.warn(
      `Place test call on connection ${connection.id} (account ${account.name}): failed, ` +
        `request ` +
        `id ${requestId ?? 'none'}: ${failureSentence(error, vscode, { redact: log.redact })}`,
    );
    const mayHaveRung =
      isTelnyxError(error) && (error.kind === 'timeout' || error.kind === 'network' || error.kind === 'server');
    const message = vscode.l10n.t(
      'Could not place the test call: {0}',
      failureSentence(error, vscode, { redact: log.redact }),
    );
    void vscode.window.showErrorMessage(
      mayHaveRung
        ? `${message} ${vscode.l10n.t('The call may have been placed anyway: look in the Connections view before trying again.')}`
        : message,
    );
    return;
  }
  log.info(
    `Place test call on connection ${connection.id} ` +
      `(account ${account.name}): ${call.call_control_id}, request ` +
      `id ${call.requestId ?? 'none'}.`,
  );
  // The directory files what it learns under the account it measures on a read: read the new call
  // through it first, so that where the call was placed is not forgotten by that first measurement.
  await services.calls.status(call.call_control_id, AbortSignal.timeout(10_000)).catch(() => undefined);
  services.calls.rememberConnection(call.call_control_id, connection.id);
  services.calls.rememberIds(call.call_control_id, { legId: call.call_leg_id, sessionId: call.call_session_id });
  await callDetails.openCall(call.call_control_id);
  tree.refresh();
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Calling {0} from {1}: call {2}.', toNumber, from, shortId(call.call_control_id)),
  );
}

async function pickConnection(api: TelnyxApi, services: Services): Promise<Connection | undefined> {
  const connections: Connection[] = [];
  try {
    let pages = 0;
    for await (const page of api.iterateConnections({ pageSize: 250 }, { priority: 'interactive' })) {
      connections.push(...page.filter(dialableConnection));
      if (++pages >= MAX_CONNECTION_PAGES) break;
    }
  } catch (error) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Could not list the connections: {0}',
        failureSentence(error, vscode, { redact: services.log.redact }),
      ),
    );
    return undefined;
  }
  if (!connections.length) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'This account has no active Call Control application to place a call with (Dial takes a Call Control application).',
      ),
    );
    return undefined;
  }
  const items = connections.map((connection) => ({
    label: connection.connection_name || connection.id,
    description: vscode.l10n.t('Call Control application'),
    detail: connection.id,
    connection,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Place Test Call: connection'),
    placeHolder: vscode.l10n.t('The application whose webhooks will drive the call'),
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  return picked?.connection;
}

async function pickFrom(api: TelnyxApi, connection: Connection, services: Services): Promise<string | undefined> {
  let numbers: PhoneNumber[] = [];
  let problem: string | undefined;
  try {
    const page = await api.listPhoneNumbers(
      { connectionId: connection.id, pageSize: 250 },
      { priority: 'interactive' },
    );
    numbers = numbersOfConnection(page.data, connection.id);
  } catch (error) {
    problem = failureSentence(error, vscode, { redact: services.log.redact });
    services.log.warn(`Place test call: could not list the numbers of connection ${connection.id}: ${problem}`);
  }
  const typeIt = vscode.l10n.t('Type a number…');
  if (numbers.length) {
    const items: Array<vscode.QuickPickItem & { number?: string }> = numbers.map((n) => ({
      label: n.phone_number,
      description: n.connection_name ?? undefined,
      number: n.phone_number,
    }));
    items.push({ label: typeIt, alwaysShow: true });
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Place Test Call: caller number (from)'),
      placeHolder: vscode.l10n.t('A number of this account on the connection'),
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked.number) return picked.number;
  }
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Place Test Call: caller number (from)'),
    prompt: problem
      ? vscode.l10n.t(
          "The account's numbers could not be listed ({0}). Type a number of this account, in E.164 form.",
          problem,
        )
      : vscode.l10n.t('A number of this account, in E.164 form such as +13125550100.'),
    ignoreFocusOut: true,
    validateInput: (value) => checkDialNumber(value, vscode),
  });
  return typed?.trim() || undefined;
}
