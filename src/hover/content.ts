import * as vscode from 'vscode';
import type { Finding } from '../doctor/types';
import { summarizeFindings } from '../doctor/summary';
import { callState, durationSeconds } from '../core/call';
import { describeFailure } from '../text/failure';
import { formatDuration, formatTimestamp } from '../core/format';
import type { CallStatus } from '../telnyx/types';
import type { DetectedId } from '../core/ids';
import { visibleLabel } from '../text/visible';
import { clientStateForHover, commandUri, escapeMarkdown } from './format';
import { decodeClientState } from '../timeline/clientState';

/** The only commands a hover link may run; API text can never add another. */
export const HOVER_COMMANDS = [
  'telnyx.openCallDetails',
  'telnyx.showCallEvents',
  'telnyx.copyText',
  'telnyx.copyAsCurl',
  'telnyx.revealCall',
  'telnyx.setApiKey',
  'telnyx.switchAccount',
] as const;

type HoverCommand = (typeof HOVER_COMMANDS)[number];

function markdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
  md.supportHtml = false;
  return md;
}

function link(label: string, command: HoverCommand, ...args: unknown[]): string {
  return `[${escapeMarkdown(label)}](${commandUri(command, ...args)})`;
}

/** An id in monospace when it is plainly an id; anything else from the API as escaped text. */
function idText(value: string): string {
  return /^[A-Za-z0-9_:=.-]+$/.test(value) ? `\`${value}\`` : escapeMarkdown(value);
}

function heading(callControlId: string): string {
  return `**${escapeMarkdown(vscode.l10n.t('Telnyx call'))}** ${idText(callControlId)}\n\n`;
}

export interface StatusHoverExtras {
  /** Known connection of the call, for "Reveal in tree". */
  connectionId: string | undefined;
  nowMs: number;
  /** When the status was read (ms); a live call's duration ticks from it. */
  readAtMs?: number;
  /** What the call doctor found in the call's session, when a panel has read its events (per account). */
  findings?: readonly Finding[];
}

export function statusHover(
  callControlId: string,
  status: CallStatus,
  extras: StatusHoverExtras,
): vscode.MarkdownString {
  const md = markdown();
  md.appendMarkdown(heading(callControlId));
  const state = callState(status);
  const stateText =
    state === 'alive'
      ? `$(pass-filled) ${escapeMarkdown(vscode.l10n.t('Alive'))}`
      : state === 'ringing'
        ? `$(bell) ${escapeMarkdown(vscode.l10n.t('Ringing (not answered yet)'))}`
        : `$(circle-slash) ${escapeMarkdown(vscode.l10n.t('Ended'))}`;
  const lines: string[] = [stateText];
  const seconds = durationSeconds(status, extras.nowMs, extras.readAtMs);
  if (seconds !== undefined)
    lines.push(`${escapeMarkdown(vscode.l10n.t('Duration'))}: ${escapeMarkdown(formatDuration(seconds))}`);
  if (status.start_time)
    lines.push(`${escapeMarkdown(vscode.l10n.t('Started'))}: ${escapeMarkdown(formatTimestamp(status.start_time))}`);
  if (status.end_time)
    lines.push(`${escapeMarkdown(vscode.l10n.t('Ended'))}: ${escapeMarkdown(formatTimestamp(status.end_time))}`);
  if (status.call_leg_id) lines.push(`call\\_leg\\_id: ${idText(status.call_leg_id)}`);
  if (status.call_session_id) lines.push(`call\\_session\\_id: ${idText(status.call_session_id)}`);
  if (status.client_state) {
    const decoded = clientStateForHover(status.client_state);
    // Clients differ: say when the text was not plain base64, so a cut value is not taken as whole.
    const note = decodeClientState(status.client_state);
    const label = !decoded.decoded
      ? vscode.l10n.t('client_state')
      : note.kind === 'text' && note.note === 'plain'
        ? vscode.l10n.t('client_state (sent as plain text, not base64)')
        : note.kind === 'text' && note.note === 'truncated'
          ? vscode.l10n.t('client_state (decoded; the base64 was cut short)')
          : vscode.l10n.t('client_state (decoded)');
    lines.push(`${escapeMarkdown(label)}: ${escapeMarkdown(visibleLabel(decoded.text))}`);
  }
  // Only when a panel has read this session's events: the hover reads nothing more for it.
  const doctorLine = status.call_session_id ? summarizeFindings(extras.findings ?? [], vscode) : undefined;
  if (doctorLine) lines.push(`$(warning) ${escapeMarkdown(doctorLine)}`);
  md.appendMarkdown(lines.join('  \n'));

  const links = [
    link(vscode.l10n.t('Open call details'), 'telnyx.openCallDetails', callControlId),
    status.call_leg_id
      ? link(vscode.l10n.t('Show events'), 'telnyx.showCallEvents', { legId: status.call_leg_id })
      : undefined,
    link(vscode.l10n.t('Copy'), 'telnyx.copyText', callControlId),
    link(vscode.l10n.t('Copy as cURL'), 'telnyx.copyAsCurl', callControlId),
    extras.connectionId ? link(vscode.l10n.t('Reveal in tree'), 'telnyx.revealCall', callControlId) : undefined,
  ].filter((item): item is string => item !== undefined);
  md.appendMarkdown(`\n\n${links.join(' · ')}`);
  return md;
}

/**
 * A gone status, an id Telnyx does not know, or a failed request: the core's report, no popup.
 * `account`: the account in use, when the user has several (a call it does not know may be another's).
 */
export function errorHover(
  callControlId: string,
  error: unknown,
  redact: (text: string) => string,
  account?: string,
): vscode.MarkdownString {
  const md = markdown();
  md.appendMarkdown(heading(callControlId));
  const report = describeFailure(error, vscode, { subject: 'call', redact, account });
  md.appendMarkdown(`$(warning) ${escapeMarkdown(report.message)}\n\n${escapeMarkdown(report.action)}`);
  // A failure that goes away by itself is retried by hovering again: nothing else to click.
  const transient =
    report.kind === 'rate_limited' ||
    report.kind === 'server' ||
    report.kind === 'timeout' ||
    report.kind === 'network' ||
    report.kind === 'malformed';
  if (transient) md.appendMarkdown(`\n\n${escapeMarkdown(vscode.l10n.t('Hover again in a moment to retry.'))}`);
  const links = [
    link(vscode.l10n.t('Open call details'), 'telnyx.openCallDetails', callControlId),
    link(vscode.l10n.t('Copy'), 'telnyx.copyText', callControlId),
    report.fix === 'setApiKey' ? link(vscode.l10n.t('Set API Key'), 'telnyx.setApiKey') : undefined,
    account !== undefined && report.reason === 'status_gone'
      ? link(vscode.l10n.t('Switch Account'), 'telnyx.switchAccount')
      : undefined,
  ].filter((item): item is string => item !== undefined);
  md.appendMarkdown(`\n\n${links.join(' · ')}`);
  return md;
}

export function noKeyHover(callControlId: string): vscode.MarkdownString {
  const md = markdown();
  md.appendMarkdown(heading(callControlId));
  md.appendMarkdown(`${escapeMarkdown(vscode.l10n.t("Set a Telnyx API key to see this call's live status."))}\n\n`);
  md.appendMarkdown(
    [
      link(vscode.l10n.t('Set API Key'), 'telnyx.setApiKey'),
      link(vscode.l10n.t('Copy'), 'telnyx.copyText', callControlId),
    ].join(' · '),
  );
  return md;
}

/** A UUID labelled call_leg_id / call_session_id: no request, just what can be done with it. */
export function labelledIdHover(found: DetectedId): vscode.MarkdownString {
  const md = markdown();
  md.appendMarkdown(`**${escapeMarkdown(found.kind)}** ${idText(found.id)}\n\n`);
  const args = found.kind === 'call_leg_id' ? { legId: found.id } : { sessionId: found.id };
  md.appendMarkdown(
    [
      link(vscode.l10n.t('Show events'), 'telnyx.showCallEvents', args),
      link(vscode.l10n.t('Copy'), 'telnyx.copyText', found.id),
    ].join(' · '),
  );
  return md;
}
