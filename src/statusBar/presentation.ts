// What the status bar item says: its text, whether it warns, and its tooltip's paragraphs. No
// 'vscode': the words come from the `L10nHost` passed in (`vscode` in the extension,
// `englishStrings` in unit tests). The
// item renders the paragraphs as text, so no name from the API becomes markup.
import type { L10nHost } from '../core/l10n';
import type { LiveCallsSummary } from '../services/services';
import { FAILED_PAGE_SIZE, FAILED_WINDOW_MS, type FailedDeliveries } from './failedDeliveries';

export interface StatusBarInput {
  /** The active account's name; undefined when no API key is set. */
  account: string | undefined;
  liveCalls: LiveCallsSummary;
  /** `telnyx.statusBar.failedDeliveries`: failed deliveries are checked. */
  checksFailedDeliveries: boolean;
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
  if (input.account === undefined) {
    return {
      text: `$(key) ${host.l10n.t('Telnyx: Set API Key')}`,
      warning: false,
      tooltip: [host.l10n.t('No Telnyx API key is set.'), host.l10n.t('Click to set one or to open the Telnyx view.')],
      accessibilityLabel: host.l10n.t('Telnyx Calls: no API key is set'),
    };
  }
  const parts = [`$(call-incoming) ${input.account}`];
  const labels = [host.l10n.t('Telnyx account {0}', input.account)];
  const tooltip = [host.l10n.t('Telnyx account: {0}', input.account)];
  const live = input.liveCalls;
  if (live.counted > 0) {
    parts.push(host.l10n.t('{0} live', liveCallsText(live)));
    labels.push(host.l10n.t('{0} live calls', liveCallsText(live)));
    tooltip.push(
      host.l10n.t('{0} live calls on the {1} connections counted so far.', liveCallsText(live), live.counted),
    );
    if (live.connections.length > 0) {
      const listed = live.connections
        .slice(0, LISTED)
        .map((c) => host.l10n.t('{0}: {1}', c.name ?? c.connectionId, c.atLeast ? `${c.calls}+` : String(c.calls)));
      const rest = live.connections.length - listed.length;
      tooltip.push(listed.join(', ') + (rest > 0 ? host.l10n.t(', and {0} more', rest) : ''));
    }
  } else {
    tooltip.push(host.l10n.t('No live calls counted yet: the Telnyx view counts them as it shows connections.'));
  }
  const failed = input.checksFailedDeliveries ? input.failed : undefined;
  const warning = failed !== undefined && failed.count > 0;
  const minutes = Math.round(FAILED_WINDOW_MS / 60_000);
  if (failed && warning) {
    parts.push(`$(warning) ${host.l10n.t('{0} failed', failedText(failed))}`);
    labels.push(host.l10n.t('{0} webhook deliveries failed', failedText(failed)));
    const where = failed.connections.map((c) =>
      host.l10n.t(
        '{0} ({1})',
        c.connectionId === undefined
          ? host.l10n.t('an unknown connection')
          : (input.connectionName(c.connectionId) ?? c.connectionId),
        c.count,
      ),
    );
    tooltip.push(
      host.l10n.t(
        '{0} webhook deliveries failed in the last {1} minutes, on {2}.',
        failedText(failed),
        minutes,
        where.join(', '),
      ),
    );
    if (failed.unconfirmed > 0) {
      tooltip.push(
        host.l10n.t(
          "For {0} of them only Telnyx's filter says so: their records do not say how the delivery went.",
          failed.unconfirmed,
        ),
      );
    }
  } else if (failed && failed.contradicted > 0) {
    tooltip.push(
      host.l10n.t(
        "Telnyx's filter of failed deliveries disagreed with the rows it returned: it listed {0} " +
          'webhooks of the last {1} minutes as failed, and their records say they were delivered. ' +
          'None is counted.',
        failed.contradicted,
        minutes,
      ),
    );
  } else if (failed) {
    tooltip.push(host.l10n.t('No webhook delivery failed in the last {0} minutes.', minutes));
  }
  if (failed && warning && failed.contradicted > 0) {
    tooltip.push(
      host.l10n.t(
        "Telnyx's filter also listed {0} webhooks as failed whose records say they were delivered; they are not counted.",
        failed.contradicted,
      ),
    );
  }
  // Turned off (telnyx.statusBar.failedDeliveries): nothing is said about failed deliveries.
  if (input.checksFailedDeliveries && input.checkProblem) {
    tooltip.push(
      host.l10n.t(
        'Could not check for failed webhook deliveries: {0} {1}',
        input.checkProblem.message,
        input.checkProblem.action,
      ),
    );
  } else if (input.checksFailedDeliveries && !failed) {
    tooltip.push(
      host.l10n.t('Failed webhook deliveries are checked at most once a minute while this window has focus.'),
    );
  }
  tooltip.push(host.l10n.t('Click for actions.'));
  return { text: parts.join(' · '), warning, tooltip, accessibilityLabel: labels.join(', ') };
}
