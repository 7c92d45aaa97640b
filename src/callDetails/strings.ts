// No runtime `vscode` import: the extension passes the `vscode` module, the browser test a stand-in
// whose l10n.t returns the message, so the test page shows the very strings the extension would.
// (The type-only import lets `l10n-dev export` find the `vscode.l10n.t` calls.)
import type * as vscode from 'vscode';
import type { L10nHost } from '../core/l10n';
import { ladderStrings } from './ladderStrings';
import type { WebviewStrings } from './protocol';

/** What the extension passes: the `vscode` module itself. */
export type VsCodeModule = typeof vscode;

/** The core's host of wording (the extension passes `vscode`). */
export type { L10nHost };

// Placeholders are passed through as themselves: the page fills them in.
const P0 = '{0}';
const P1 = '{1}';
const P2 = '{2}';
const P3 = '{3}';

/** The page's strings in VS Code's display language (webviews have no vscode.l10n of their own). */
export function webviewStrings(vscode: L10nHost): WebviewStrings {
  return {
    toolbarLabel: vscode.l10n.t('Call details actions'),
    refresh: vscode.l10n.t('Refresh'),
    hangUp: vscode.l10n.t('Hang Up'),
    exportJson: vscode.l10n.t('Export timeline as JSON…'),
    copyJson: vscode.l10n.t('Copy timeline as JSON'),
    scopeLabel: vscode.l10n.t('Timeline scope'),
    scopeSession: vscode.l10n.t('Whole session'),
    scopeLeg: vscode.l10n.t('This leg only'),
    statusHeading: vscode.l10n.t('Call status'),
    stateLoading: vscode.l10n.t('Reading status…'),
    stateAlive: vscode.l10n.t('Alive'),
    stateRinging: vscode.l10n.t('Ringing (not answered yet)'),
    stateEnded: vscode.l10n.t('Ended'),
    stateGone: vscode.l10n.t('Status no longer available'),
    stateError: vscode.l10n.t('Status unknown'),
    stateUnknown: vscode.l10n.t('Status unknown'),
    duration: vscode.l10n.t('Duration'),
    started: vscode.l10n.t('Started'),
    endedAt: vscode.l10n.t('Ended'),
    notEnded: vscode.l10n.t('not yet'),
    clientState: vscode.l10n.t('client_state'),
    clientStateRaw: vscode.l10n.t('raw'),
    clientStateDecoded: vscode.l10n.t('decoded'),
    clientStateNone: vscode.l10n.t('(none)'),
    clientStateInvalid: vscode.l10n.t('not valid base64'),
    clientStateBinary: vscode.l10n.t('binary, {0} bytes, hex:', P0),
    copy: vscode.l10n.t('Copy'),
    copyNamed: vscode.l10n.t('Copy {0}', P0),
    goneExplanation: vscode.l10n.t(
      "Telnyx keeps call status about 10 minutes after a call ends, so this call's status can no longer be read (or Telnyx does not know this call_control_id). Its events are still shown below when Telnyx has them.",
    ),
    retry: vscode.l10n.t('Retry'),
    statusErrorPrefix: vscode.l10n.t('Could not read the call status.'),
    timelineErrorPrefix: vscode.l10n.t('Could not load the timeline.'),
    timelineHeading: vscode.l10n.t('Timeline'),
    lanesLabel: vscode.l10n.t('Legs on a time axis; click to select the nearest event'),
    laneLabel: vscode.l10n.t('Leg {0}: {1} events', P0, P1),
    moreLegs: vscode.l10n.t('+{0} more legs (see the list)', P0),
    filtersLabel: vscode.l10n.t('Filter events'),
    filterType: vscode.l10n.t('Event type'),
    typeAll: vscode.l10n.t('All types ({0})', P0),
    typeCommands: vscode.l10n.t('Commands ({0})', P0),
    typeWebhooks: vscode.l10n.t('Webhooks ({0})', P0),
    filterName: vscode.l10n.t('Filter by name'),
    failedOnly: vscode.l10n.t('Failed deliveries only ({0})', P0),
    showingCounts: vscode.l10n.t('Showing {0} of {1} events', P0, P1),
    loadingPage: vscode.l10n.t('Loading events: page {0} of {1} ({2} of {3} events)', P0, P1, P2, P3),
    loadingFirst: vscode.l10n.t('Loading events…'),
    refreshing: vscode.l10n.t('Checking for new events…'),
    noEvents: vscode.l10n.t('No events found.'),
    noMatch: vscode.l10n.t('No events match the filters.'),
    colTime: vscode.l10n.t('Time'),
    colSinceStart: vscode.l10n.t('Since start'),
    colGap: vscode.l10n.t('Gap'),
    colName: vscode.l10n.t('Event'),
    colLeg: vscode.l10n.t('Leg'),
    typeCommand: vscode.l10n.t('Command'),
    typeWebhook: vscode.l10n.t('Webhook'),
    failedDelivery: vscode.l10n.t('Webhook delivery failed'),
    failedShort: vscode.l10n.t('failed'),
    metadata: vscode.l10n.t('Metadata'),
    copyMetadata: vscode.l10n.t('Copy metadata JSON'),
    metadataLoading: vscode.l10n.t('Loading metadata…'),
    metadataMissing: vscode.l10n.t('This event is no longer loaded. Refresh the timeline to see its metadata.'),
    from: vscode.l10n.t('From'),
    to: vscode.l10n.t('To'),
    direction: vscode.l10n.t('Direction'),
    hangupCause: vscode.l10n.t('Hangup cause'),
    deliveryStatus: vscode.l10n.t('Delivery'),
    timestampUtc: vscode.l10n.t('Timestamp (UTC)'),
    leg: vscode.l10n.t('Leg'),
    session: vscode.l10n.t('Session'),
    autoRefreshOn: vscode.l10n.t('Live: checking every {0} s', P0),
    autoRefreshOff: vscode.l10n.t('Not refreshing automatically'),
    eventsLabel: vscode.l10n.t('Events, in time order. Arrow keys move, Enter shows details.'),
    selectedEvent: vscode.l10n.t('Selected event'),
    duplicateDelivery: vscode.l10n.t('duplicate delivery (attempt {0})', P0),
    duplicateDeliveryTitle: vscode.l10n.t('Telnyx delivered this webhook more than once; this record is delivery attempt {0}.', P0),
    oddRecord: vscode.l10n.t('unreadable record: {0}', P0),
    oddRecordTitle: vscode.l10n.t('Telnyx sent a record that is not a normal event ({0}). Its raw JSON is in the details.', P0),
    stopLoading: vscode.l10n.t('Stop'),
    clientStatePlain: vscode.l10n.t('sent as plain text, not base64'),
    clientStateTruncated: vscode.l10n.t('base64 cut short: decoded as far as it goes'),
    ladder: ladderStrings(vscode),
  };
}
