// Export of one tapped call: the tap's record as JSON. The record never holds the application's
// Authorization header (src/tap never keeps it), so nothing needs removing here.
import * as vscode from 'vscode';
import { callIdsFromArgument } from '../core/call';
import { shortId } from '../core/format';
import type { Services } from '../services/services';
import type { LiveTap, TappedCall } from '../tap/model';
import { visibleLabel } from '../text/visible';

export function tappedCallJson(tap: LiveTap, call: TappedCall, now = new Date()): string {
  const status = tap.status();
  const document = {
    source: 'live tap',
    exported_at: now.toISOString(),
    app_url: status.appUrl,
    call_control_id: call.callControlId,
    call_leg_id: call.callLegId ?? null,
    call_session_id: call.callSessionId ?? null,
    entry_count: call.entries.length,
    call,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function pickCall(tap: LiveTap): Promise<TappedCall | undefined> {
  const calls = [...tap.calls()].sort((a, b) => b.firstAtMs - a.firstAtMs);
  const picked = await vscode.window.showQuickPick(
    calls.map((call) => ({
      label: vscode.l10n.t('{0} → {1}', visibleLabel(call.from ?? '?'), visibleLabel(call.to ?? '?')),
      description: shortId(call.callControlId),
      detail: new Date(call.firstAtMs).toLocaleTimeString(),
      call,
    })),
    { title: vscode.l10n.t('Telnyx: Export Tapped Call'), placeHolder: vscode.l10n.t('Which tapped call?') },
  );
  return picked?.call;
}

/**
 * Telnyx: Export Tapped Call… — the call of a Live tap row (its argument), else one picked; written where
 * the save dialog says, or to `target` (automation, tests). Resolves to the file written.
 */
export async function exportTappedCallCommand(
  services: Services,
  given: unknown,
  target: vscode.Uri | undefined,
): Promise<vscode.Uri | undefined> {
  const tap = services.liveTap.current();
  if (!tap || tap.calls().length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The live tap has recorded no call in this window.'));
    return undefined;
  }
  const id = callIdsFromArgument(given)?.callControlId;
  const call = id ? tap.call(id) : await pickCall(tap);
  if (id && !call) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The live tap has no record of call {0} (any more).', id));
    return undefined;
  }
  if (!call) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `tapped-call-${shortId(call.callControlId).replace(/[^A-Za-z0-9_-]/g, '')}.json`;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { JSON: ['json'] },
      title: vscode.l10n.t('Export Tapped Call'),
    }));
  if (!uri) return undefined;
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(tappedCallJson(tap, call)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not write {0}: {1}', uri.fsPath || uri.toString(), message),
    );
    return undefined;
  }
  vscode.window.setStatusBarMessage(
    vscode.l10n.t('Exported the tapped call to {0}', uri.fsPath || uri.toString()),
    5000,
  );
  return uri;
}
