// Telnyx: Save Call as Fixture…: writes what an open call panel read of its call (its status and
// every `/call_events` page, as received, with their paths) to a JSON file the simulator serves again
// (`--fixture FILE`), phone numbers and SIP URIs masked and no key. From the palette (the panel in
// front, else a pick among the open call panels) and from the panel's editor title menu.
import * as vscode from 'vscode';
import type { RecordingSummary } from '../calls/answerRecorder';
import { callFixture, fixtureFileName } from '../calls/fixture';
import { callIdsFromArgument } from '../core/call';
import type { Services } from '../services/services';
import { defaultUri, fileArgument, where } from './export';
import { shortCallId } from './names';
import type { CallDetailsPanel } from './panel';
import type { CallDetailsRegistry } from './registry';

const SAVE_CALL_AS_FIXTURE_COMMAND = 'telnyx.saveCallAsFixture';

/** What the command returns (for automation and tests): where it wrote, and what the file holds. */
export interface SavedFixture {
  file: string;
  summary: RecordingSummary;
  message: string;
}

/** "3 answers: the status and 2 pages of events (600 events)". */
function recordingWords(summary: RecordingSummary): string {
  const pages =
    summary.eventPages === 1
      ? vscode.l10n.t('1 page of events ({0} events)', String(summary.events))
      : vscode.l10n.t('{0} pages of events ({1} events)', String(summary.eventPages), String(summary.events));
  const answers =
    summary.answers === 1 ? vscode.l10n.t('1 answer') : vscode.l10n.t('{0} answers', String(summary.answers));
  if (!summary.hasStatus) return vscode.l10n.t('{0}: {1}, without the status (it was not read)', answers, pages);
  return summary.eventPages === 0
    ? vscode.l10n.t('{0}: the status only', answers)
    : vscode.l10n.t('{0}: the status and {1}', answers, pages);
}

/** `call`: a call_control_id (or an object with one) picks that call's panel; `file`: where to write, no dialog. */
export function registerSaveCallAsFixtureCommand(registry: CallDetailsRegistry, services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(
    SAVE_CALL_AS_FIXTURE_COMMAND,
    async (call?: unknown, file?: unknown): Promise<SavedFixture | undefined> => {
      const panel = await choosePanel(registry, callIdsFromArgument(call)?.callControlId);
      if (!panel) return undefined;
      return saveFixture(panel, services, fileArgument(file));
    },
  );
}

function callPanels(registry: CallDetailsRegistry): CallDetailsPanel[] {
  return registry.all().filter((panel) => panel.recording !== undefined);
}

async function choosePanel(
  registry: CallDetailsRegistry,
  callControlId: string | undefined,
): Promise<CallDetailsPanel | undefined> {
  const panels = callPanels(registry);
  const idOf = (panel: CallDetailsPanel): string | undefined => {
    const target = panel.session.state.target;
    return target.kind === 'call' ? target.callControlId : undefined;
  };
  if (callControlId !== undefined) {
    const ofCall = panels.filter((panel) => idOf(panel) === callControlId);
    const found = ofCall.find((panel) => panel.webviewPanel.active) ?? ofCall[0];
    if (!found) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('No call panel of {0} is open: open its details first.', shortCallId(callControlId)),
      );
    }
    return found;
  }
  const active = panels.find((panel) => panel.webviewPanel.active);
  if (active) return active;
  if (panels.length === 1) return panels[0];
  if (panels.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t("Open a call's details first: what its panel read is what gets saved."),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    panels.map((panel) => ({
      label: panel.webviewPanel.title,
      detail: panel.recording && recordingWords(panel.recording.summary()),
      panel,
    })),
    { title: vscode.l10n.t('Save Call as Fixture'), placeHolder: vscode.l10n.t('Which call panel?') },
  );
  return picked?.panel;
}

async function saveFixture(
  panel: CallDetailsPanel,
  services: Services,
  file: vscode.Uri | undefined,
): Promise<SavedFixture | undefined> {
  const target = panel.session.state.target;
  const recording = panel.recording;
  if (target.kind !== 'call' || !recording) return undefined;
  const summary = recording.summary();
  const short = shortCallId(target.callControlId);
  if (summary.answers === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'The panel of {0} has not read anything from Telnyx yet: there is nothing to save. Refresh it, then save again.',
        short,
      ),
    );
    return undefined;
  }
  const uri =
    file ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save Call as Fixture'),
      saveLabel: vscode.l10n.t('Save'),
      filters: { JSON: ['json'] },
      defaultUri: defaultUri(fixtureFileName(short)),
    }));
  if (!uri) return undefined;
  const fixture = callFixture(target.callControlId, recording.answers(), new Date(), services.log.redact);
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(fixture, null, 2)}\n`));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not write {0}: {1}', where(uri), detail));
    return undefined;
  }
  const left =
    summary.notKept === 0
      ? ''
      : ` ${vscode.l10n.t('{0} answers were left out to stay within the recording limit.', String(summary.notKept))}`;
  const message =
    vscode.l10n.t(
      'Saved {0} as a fixture to {1}, phone numbers and SIP URIs masked: {2}.',
      short,
      where(uri),
      recordingWords(summary),
    ) + left;
  services.log.info(`Saved the call ${target.callControlId} as a fixture (${summary.answers} answers).`);
  void vscode.window.showInformationMessage(message);
  return { file: uri.toString(), summary, message };
}
