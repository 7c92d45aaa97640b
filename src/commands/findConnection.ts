import * as vscode from 'vscode';
import { visibleLabel } from '../text/visible';
import type { Services, TreeRevealer } from '../services/services';
import type { TelnyxApi } from '../telnyx/api';
import type { Connection } from '../telnyx/types';
import { CONNECTION_SEARCH_DELAY_MS, LiveSearch } from './liveSearch';
import { failureSentence } from '../text/failure';
import { accountApiOrSay } from './accountApi';

const MIN_QUERY_LENGTH = 3;
const RESULTS = 25;

interface ConnectionItem extends vscode.QuickPickItem {
  connectionId?: string;
}

function toItem(connection: Connection): ConnectionItem {
  return {
    label: visibleLabel(connection.connection_name || connection.id),
    description: connection.id,
    detail: [visibleLabel(connection.record_type), connection.active === false ? vscode.l10n.t('inactive') : undefined]
      .filter(Boolean)
      .join(' · '),
    connectionId: connection.id,
  };
}

/** A whole connection id (digits) is looked up directly; anything else searches names. */
async function searchConnections(api: TelnyxApi, query: string, signal: AbortSignal): Promise<Connection[]> {
  if (/^\d{6,}$/.test(query)) {
    const [byId, byName] = await Promise.allSettled([
      api.getConnection(query, { signal }),
      api.listConnections({ nameContains: query, pageSize: RESULTS }, { signal }),
    ]);
    const found = byName.status === 'fulfilled' ? byName.value.data : [];
    if (byId.status === 'fulfilled') return [byId.value, ...found.filter((c) => c.id !== byId.value.id)];
    if (byName.status === 'rejected') throw byName.reason;
    return found;
  }
  return (await api.listConnections({ nameContains: query, pageSize: RESULTS }, { signal })).data;
}

function pickConnection(api: TelnyxApi, services: Services): Promise<string | undefined> {
  const picker = vscode.window.createQuickPick<ConnectionItem>();
  picker.title = vscode.l10n.t('Telnyx: Find Connection');
  picker.placeholder = vscode.l10n.t('Type at least 3 characters of a connection name (or a connection id)');
  picker.matchOnDescription = true;
  picker.ignoreFocusOut = true;

  const search = new LiveSearch<Connection[]>(
    (query, signal) => searchConnections(api, query, signal),
    (event) => {
      switch (event.state) {
        case 'tooShort':
          picker.busy = false;
          picker.items = [];
          break;
        case 'searching':
          picker.busy = true;
          break;
        case 'done':
          picker.busy = false;
          picker.items = event.result.length
            ? event.result.map(toItem)
            : [{ label: vscode.l10n.t('No connection name contains "{0}".', event.query), alwaysShow: true }];
          break;
        case 'failed':
          picker.busy = false;
          picker.items = [
            {
              label: `$(error) ${failureSentence(event.error, vscode, { redact: services.log.redact })}`,
              alwaysShow: true,
            },
          ];
          break;
      }
    },
    { delayMs: CONNECTION_SEARCH_DELAY_MS, minLength: MIN_QUERY_LENGTH },
  );

  return new Promise<string | undefined>((resolve) => {
    let chosen: string | undefined;
    const subscriptions = [
      picker.onDidChangeValue((value) => search.update(value)),
      picker.onDidAccept(() => {
        chosen = picker.selectedItems[0]?.connectionId;
        if (chosen) picker.hide();
      }),
      picker.onDidHide(() => {
        search.dispose();
        for (const subscription of subscriptions) subscription.dispose();
        picker.dispose();
        resolve(chosen);
      }),
    ];
    picker.show();
  });
}

export function registerFindConnection(services: Services, tree: TreeRevealer): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.findConnection', async (): Promise<string | undefined> => {
    const api = await accountApiOrSay(services, () => {
      const setKey = vscode.l10n.t('Set API Key');
      void vscode.window
        .showWarningMessage(vscode.l10n.t('Set a Telnyx API key to search your connections.'), setKey)
        .then((choice) => (choice === setKey ? vscode.commands.executeCommand('telnyx.setApiKey') : undefined));
    });
    if (!api) return undefined;
    const connectionId = await pickConnection(api, services);
    if (!connectionId) return undefined;
    if (!(await tree.revealConnection(connectionId))) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Connection {0} exists but is not shown in the Connections view (is a name filter active?).',
          connectionId,
        ),
      );
    }
    return connectionId;
  });
}
