// What the status bar item says: its text, whether it warns, and its tooltip's paragraphs. No
// 'vscode': the words come from the host passed in (`vscode` in the extension, `englishStrings` in
// unit tests); the item renders the paragraphs as text, so no name from the API becomes markup.
import type { L10nHost } from '../core/l10n';
import type { LiveCallsSummary } from '../tree/model/liveCalls';
import { FAILED_PAGE_SIZE, FAILED_WINDOW_MS, type FailedDeliveries } from './failedDeliveries';

export interface StatusBarInput {
  /** The active account's name; undefined when no API key is set. */
  account: string | undefined;
  liveCalls: LiveCallsSummary;
  /** The last check that answered under this account, if any. */
  failed: FailedDeliveries | undefined;
  /** Why the last check did not answer (what happened, what to do), if it did not. */
  checkProblem: { message: string; action: string } | undefined;
  connectionName(connectionId: string): string | undefined;
}

export interface StatusBarView {
  text: string;
  /** Webhook deliveries failed in the window: the item takes the warning colours. */
  warning: boolean;
  /** Paragraphs of plain text. */
  tooltip: string[];
  accessibilityLabel: string;
}

/** Connections named in a tooltip before "and N more". */
const LISTED = 5;

function liveCallsText(summary: LiveCallsSummary): string {
  return summary.atLeast ? `${summary.total}+` : String(summary.total);
}

function failedText(failed: FailedDeliveries): string {
  return failed.more ? `${FAILED_PAGE_SIZE}+` : String(failed.count);
}

export function statusBarView(input: StatusBarInput, host: L10nHost): StatusBarView {
  const t = host.l10n.t.bind(host.l10n);
  if (input.account === undefined) {
    return {
      text: `$(key) ${t('Telnyx: Set API Key')}`,
      warning: false,
      tooltip: [t('No Telnyx API key is set.'), t('Click to set one or to open the Telnyx view.')],
      accessibilityLabel: t('Telnyx Calls: no API key is set'),
    };
  }
  const parts = [`$(call-incoming) ${input.account}`];
  const labels = [t('Telnyx account {0}', input.account)];
  const tooltip = [t('Telnyx account: {0}', input.account)];
  const live = input.liveCalls;
  if (live.counted > 0) {
    parts.push(t('{0} live', liveCallsText(live)));
    labels.push(t('{0} live calls', liveCallsText(live)));
    tooltip.push(t('{0} live calls on the {1} connections counted so far.', liveCallsText(live), live.counted));
    if (live.connections.length > 0) {
      const listed = live.connections.slice(0, LISTED).map((c) => t('{0}: {1}', c.name ?? c.connectionId, c.atLeast ? `${c.calls}+` : String(c.calls)));
      const rest = live.connections.length - listed.length;
      tooltip.push(listed.join(', ') + (rest > 0 ? t(', and {0} more', rest) : ''));
    }
  } else {
    tooltip.push(t('No live calls counted yet: the Telnyx view counts them as it shows connections.'));
  }
  const failed = input.failed;
  const warning = failed !== undefined && failed.count > 0;
  const minutes = Math.round(FAILED_WINDOW_MS / 60_000);
  if (failed && warning) {
    parts.push(`$(warning) ${t('{0} failed', failedText(failed))}`);
    labels.push(t('{0} webhook deliveries failed', failedText(failed)));
    const where = failed.connections.map((c) =>
      t('{0} ({1})', c.connectionId === undefined ? t('an unknown connection') : (input.connectionName(c.connectionId) ?? c.connectionId), c.count),
    );
    tooltip.push(t('{0} webhook deliveries failed in the last {1} minutes, on {2}.', failedText(failed), minutes, where.join(', ')));
  } else if (failed) {
    tooltip.push(t('No webhook delivery failed in the last {0} minutes.', minutes));
  }
  if (input.checkProblem) {
    tooltip.push(t('Could not check for failed webhook deliveries: {0} {1}', input.checkProblem.message, input.checkProblem.action));
  } else if (!failed) {
    tooltip.push(t('Failed webhook deliveries are checked at most once a minute while this window has focus.'));
  }
  tooltip.push(t('Click for actions.'));
  return { text: parts.join(' · '), warning, tooltip, accessibilityLabel: labels.join(', ') };
}
