// "Telnyx: Diagnose Call…": reads a session's events and lists what the call doctor found, with the
// application's reaction times. Thin glue: the reading is src/doctor/load.ts, the judging src/doctor.
import * as vscode from 'vscode';
import type { Diagnosis, Finding } from '../doctor/types';
import { callIdsFromArgument } from '../core/call';
import { checkCallControlId, isCallControlId, isUuid } from '../core/ids';
import type { Services } from '../services/services';
import { failureSentence } from '../text/failure';
import { doctorOptionsFromSettings } from '../services/doctorSettings';
import { loadDoctor } from '../services/doctorLoader';
import { accountApiOrSay } from './accountApi';

export const SEVERITY_ICON: Record<Finding['severity'], string> = {
  error: '$(error)',
  warning: '$(warning)',
  info: '$(info)',
};

/** An id from the argument (parsed by the core, like every call command's): the session's first. */
function idFromArgument(given: unknown): string | undefined {
  const ids = callIdsFromArgument(given);
  return ids?.sessionId ?? ids?.legId ?? ids?.callControlId;
}

function acceptable(value: string): boolean {
  const trimmed = value.trim();
  return isUuid(trimmed) || !checkCallControlId(trimmed);
}

function seconds(micros: number): string {
  return (micros / 1_000_000).toFixed(2);
}

function showDiagnosis(diagnosis: Diagnosis, sessionId: string): void {
  type Item = vscode.QuickPickItem & { finding?: Finding };
  const items: Item[] = diagnosis.findings.map((finding) => ({
    label: `${SEVERITY_ICON[finding.severity]} ${finding.title}`,
    detail: finding.explanation,
    finding,
  }));
  if (!items.length) items.push({ label: vscode.l10n.t('$(pass) Nothing to report') });
  items.push({ label: vscode.l10n.t('What the diagnosis rests on'), kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: `$(info) ${diagnosis.basisLine}` });
  if (diagnosis.reactions.byWebhook.length) {
    items.push({
      label: vscode.l10n.t('Reaction times (webhook → next command on the same leg)'),
      kind: vscode.QuickPickItemKind.Separator,
    });
    for (const stat of diagnosis.reactions.byWebhook) {
      items.push({
        label: stat.webhook,
        description: vscode.l10n.t(
          'p50 {0} s · p95 {1} s · {2} pair(s)',
          seconds(stat.p50Micros),
          seconds(stat.p95Micros),
          stat.count,
        ),
      });
    }
  }
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = vscode.l10n.t('Call doctor: session {0}', sessionId);
  pick.placeholder = vscode.l10n.t('Choose a finding to open its Telnyx documentation page');
  pick.matchOnDetail = true;
  pick.items = items;
  pick.onDidAccept(() => {
    const finding = pick.selectedItems[0]?.finding;
    if (finding) void vscode.env.openExternal(vscode.Uri.parse(finding.docsUrl));
    pick.hide();
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
}

export function registerDiagnoseCall(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(
    'telnyx.diagnoseCall',
    async (given?: unknown): Promise<Diagnosis | undefined> => {
      let id = idFromArgument(given);
      if (id !== undefined && !acceptable(id)) id = undefined;
      if (!id) {
        const entered = await vscode.window.showInputBox({
          title: vscode.l10n.t('Telnyx: Diagnose Call'),
          prompt: vscode.l10n.t(
            'A call_control_id, call_leg_id or call_session_id. The call doctor reads the whole session and explains what went wrong.',
          ),
          placeHolder: 'v3:… / 428c31b6-7af4-4bcb-b7f5-5013ef9657c1',
          ignoreFocusOut: true,
          validateInput: (value) =>
            acceptable(value)
              ? undefined
              : vscode.l10n.t('Enter a call_control_id (such as v3:…) or a call_leg_id / call_session_id (a UUID).'),
        });
        if (entered === undefined || !acceptable(entered)) return undefined;
        id = entered.trim();
      }
      const client = await accountApiOrSay(services, () => {
        void vscode.window.showWarningMessage(vscode.l10n.t('Set a Telnyx API key to diagnose calls.'));
      });
      if (!client) return undefined;
      const target = id;
      const accountId = services.apiAccess.account()?.id;
      const { diagnoseCall, loadSessionForDoctor } = loadDoctor();
      try {
        const loaded = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: vscode.l10n.t('Reading the events of {0}…', target),
          },
          () => loadSessionForDoctor(client, target),
        );
        if (!loaded) {
          void vscode.window.showInformationMessage(
            isCallControlId(target)
              ? vscode.l10n.t('No events found for call {0}.', target)
              : vscode.l10n.t('No events found for leg or session {0}.', target),
          );
          return undefined;
        }
        const diagnosis = diagnoseCall(
          { events: loaded.events, connection: loaded.connection },
          doctorOptionsFromSettings(),
          vscode,
        );
        services.seenEvents.record(accountId, loaded.events, 'doctor', diagnosis);
        showDiagnosis(diagnosis, loaded.sessionId);
        return diagnosis;
      } catch (error) {
        void vscode.window.showErrorMessage(failureSentence(error, vscode, { redact: services.log.redact }));
        return undefined;
      }
    },
  );
}
