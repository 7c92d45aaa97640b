// Saving and copying what a panel shows: the timeline as JSON, the ladder as Mermaid or SVG (text
// the page built, as filtered). Files go where the person chooses in a save dialog, or to a target
// given with the command (automation, keybindings), through `workspace.fs`.
import * as vscode from 'vscode';
import type { CallEvent, CallStatus } from '../telnyx/types';
import { buildTimeline } from '../timeline/model';
import { shortCallId } from './names';
import type { PanelTarget, TimelineScope } from './protocol';

export interface TimelineSnapshot {
  target: PanelTarget;
  scope: TimelineScope;
  status: CallStatus | undefined;
  events: readonly CallEvent[];
}

/** The JSON document of a timeline, events in time order; never anything but API data and ids. */
export function timelineJson(snapshot: TimelineSnapshot, now = new Date()): string {
  const ordered = buildTimeline([...snapshot.events]).entries.map((entry) => entry.event);
  const target = snapshot.target;
  const document =
    target.kind === 'call'
      ? {
          call_control_id: target.callControlId,
          call_leg_id: target.legId ?? null,
          call_session_id: target.sessionId ?? null,
          scope: snapshot.scope,
          status: snapshot.status ?? null,
          exported_at: now.toISOString(),
          event_count: ordered.length,
          events: ordered,
        }
      : {
          title: target.title,
          filter: target.filter,
          local_not_before: target.localNotBefore ?? null,
          local_not_after: target.localNotAfter ?? null,
          exported_at: now.toISOString(),
          event_count: ordered.length,
          events: ordered,
        };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function exportBaseName(target: PanelTarget): string {
  return target.kind === 'call'
    ? `call-${shortCallId(target.callControlId).replace(/[^A-Za-z0-9_-]/g, '')}`
    : 'call-events';
}

export function where(uri: vscode.Uri): string {
  return uri.fsPath || uri.toString();
}

/**
 * Writes `text` to `target`, or where the person chooses in a save dialog offered with `options`;
 * the result is the notice to show (undefined: the dialog was cancelled).
 */
async function saveText(
  target: vscode.Uri | undefined,
  options: vscode.SaveDialogOptions,
  text: string,
  done: (uri: vscode.Uri) => string,
): Promise<string | undefined> {
  const uri = target ?? (await vscode.window.showSaveDialog(options));
  if (!uri) return undefined;
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return done(uri);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return vscode.l10n.t('Could not write {0}: {1}', where(uri), message);
  }
}

/** A command's target file: a Uri, or an absolute path (keybinding args are JSON). */
export function fileArgument(file: unknown): vscode.Uri | undefined {
  if (file instanceof vscode.Uri) return file;
  if (typeof file === 'string' && /^(\/|[A-Za-z]:[\\/])/.test(file)) return vscode.Uri.file(file);
  return undefined;
}

export function defaultUri(name: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

/** The save dialog offered for a timeline's JSON. */
export function timelineSaveOptions(target: PanelTarget): vscode.SaveDialogOptions {
  return {
    title: vscode.l10n.t('Export timeline as JSON'),
    saveLabel: vscode.l10n.t('Export'),
    filters: { JSON: ['json'] },
    defaultUri: defaultUri(`${exportBaseName(target)}-timeline.json`),
  };
}

/** The save dialog offered for a ladder as SVG or Mermaid. */
export function ladderSaveOptions(target: PanelTarget, format: 'mermaid' | 'svg'): vscode.SaveDialogOptions {
  return {
    title: format === 'svg' ? vscode.l10n.t('Save ladder as SVG') : vscode.l10n.t('Save ladder as Mermaid'),
    saveLabel: vscode.l10n.t('Save'),
    filters: format === 'svg' ? { SVG: ['svg'] } : { Mermaid: ['mmd', 'md'] },
    defaultUri: defaultUri(`${exportBaseName(target)}-ladder.${format === 'svg' ? 'svg' : 'mmd'}`),
  };
}

/** `file`: where to write; undefined asks with a save dialog. */
export function exportTimelineJson(
  file: vscode.Uri | undefined,
  snapshot: TimelineSnapshot,
): Promise<string | undefined> {
  return saveText(file, timelineSaveOptions(snapshot.target), timelineJson(snapshot), (uri) =>
    vscode.l10n.t('Exported {0} events to {1}.', String(snapshot.events.length), where(uri)),
  );
}

/** `file`: where to write; undefined asks with a save dialog. */
export function saveLadder(
  file: vscode.Uri | undefined,
  target: PanelTarget,
  format: 'mermaid' | 'svg',
  text: string,
): Promise<string | undefined> {
  return saveText(file, ladderSaveOptions(target, format), text, (uri) =>
    vscode.l10n.t('Saved the ladder to {0}.', where(uri)),
  );
}

export async function copyTimelineJson(snapshot: TimelineSnapshot): Promise<string> {
  await vscode.env.clipboard.writeText(timelineJson(snapshot));
  return vscode.l10n.t('Copied {0} events as JSON.', String(snapshot.events.length));
}
