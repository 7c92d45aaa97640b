// No runtime `vscode` import: the extension passes the `vscode` module, the browser test a stand-in
// whose l10n.t returns the message, so the test page shows the very strings the extension would.
import type { L10nHost } from '../core/l10n';
import { ladderStrings } from './ladderStrings';
import type { WebviewStrings } from './protocol';

// Placeholders are passed through as themselves: the page fills them in.
const P0 = '{0}';
const P1 = '{1}';
const P2 = '{2}';
const P3 = '{3}';

/** The page's strings in VS Code's display language (webviews have no vscode.l10n of their own). */
export function webviewStrings(host: L10nHost): WebviewStrings {
  return {
    toolbarLabel: host.l10n.t('Call details actions'),
    refresh: host.l10n.t('Refresh'),
    hangUp: host.l10n.t('Hang Up'),
    exportJson: host.l10n.t('Export timeline as JSON…'),
    copyJson: host.l10n.t('Copy timeline as JSON'),
    scopeLabel: host.l10n.t('Timeline scope'),
    scopeSession: host.l10n.t('Whole session'),
    scopeLeg: host.l10n.t('This leg only'),
    statusHeading: host.l10n.t('Call status'),
    stateLoading: host.l10n.t('Reading status…'),
    stateAlive: host.l10n.t('Alive'),
    stateRinging: host.l10n.t('Ringing (not answered yet)'),
    stateEnded: host.l10n.t('Ended'),
    stateGone: host.l10n.t('Status no longer available'),
    stateError: host.l10n.t('Status unknown'),
    stateUnknown: host.l10n.t('Status unknown'),
    duration: host.l10n.t('Duration'),
    started: host.l10n.t('Started'),
    endedAt: host.l10n.t('Ended'),
    notEnded: host.l10n.t('not yet'),
    clientState: host.l10n.t('client_state'),
    clientStateRaw: host.l10n.t('raw'),
    clientStateDecoded: host.l10n.t('decoded'),
    clientStateNone: host.l10n.t('(none)'),
    clientStateInvalid: host.l10n.t('not valid base64'),
    clientStateBinary: host.l10n.t('binary, {0} bytes, hex:', P0),
    copy: host.l10n.t('Copy'),
    copyNamed: host.l10n.t('Copy {0}', P0),
    goneExplanation: host.l10n.t(
      "Telnyx keeps call status about 10 minutes after a call ends, so this call's status can " +
        'no longer be read (or Telnyx does not know this call_control_id). Its events are still ' +
        'shown below when Telnyx has them.',
    ),
    retry: host.l10n.t('Retry'),
    statusErrorPrefix: host.l10n.t('Could not read the call status.'),
    timelineErrorPrefix: host.l10n.t('Could not load the timeline.'),
    timelineHeading: host.l10n.t('Timeline'),
    lanesLabel: host.l10n.t('Legs on a time axis; click to select the nearest event'),
    laneLabel: { one: host.l10n.t('Leg {0}: {1} event', P0, P1), other: host.l10n.t('Leg {0}: {1} events', P0, P1) },
    moreLegs: {
      one: host.l10n.t('+{0} more leg (see the list)', P0),
      other: host.l10n.t('+{0} more legs (see the list)', P0),
    },
    filtersLabel: host.l10n.t('Filter events'),
    filterType: host.l10n.t('Event type'),
    typeAll: host.l10n.t('All types ({0})', P0),
    typeCommands: host.l10n.t('Commands ({0})', P0),
    typeWebhooks: host.l10n.t('Webhooks ({0})', P0),
    filterName: host.l10n.t('Filter by name'),
    failedOnly: host.l10n.t('Failed deliveries only ({0})', P0),
    showingCounts: {
      one: host.l10n.t('Showing {0} of {1} event', P0, P1),
      other: host.l10n.t('Showing {0} of {1} events', P0, P1),
    },
    loadingPage: {
      one: host.l10n.t('Loading events: page {0} of {1} ({2} of {3} event)', P0, P1, P2, P3),
      other: host.l10n.t('Loading events: page {0} of {1} ({2} of {3} events)', P0, P1, P2, P3),
    },
    loadingFirst: host.l10n.t('Loading events…'),
    refreshing: host.l10n.t('Checking for new events…'),
    noEvents: host.l10n.t('No events found.'),
    noMatch: host.l10n.t('No events match the filters.'),
    colTime: host.l10n.t('Time'),
    colSinceStart: host.l10n.t('Since start'),
    colGap: host.l10n.t('Gap'),
    colName: host.l10n.t('Event'),
    colLeg: host.l10n.t('Leg'),
    typeCommand: host.l10n.t('Command'),
    typeWebhook: host.l10n.t('Webhook'),
    failedDelivery: host.l10n.t('Webhook delivery failed'),
    failedShort: host.l10n.t('failed'),
    metadata: host.l10n.t('Metadata'),
    copyMetadata: host.l10n.t('Copy metadata JSON'),
    metadataLoading: host.l10n.t('Loading metadata…'),
    metadataMissing: host.l10n.t('This event is no longer loaded. Refresh the timeline to see its metadata.'),
    from: host.l10n.t('From'),
    to: host.l10n.t('To'),
    direction: host.l10n.t('Direction'),
    hangupCause: host.l10n.t('Hangup cause'),
    deliveryStatus: host.l10n.t('Delivery'),
    timestampUtc: host.l10n.t('Timestamp (UTC)'),
    leg: host.l10n.t('Leg'),
    session: host.l10n.t('Session'),
    autoRefreshOn: host.l10n.t('Live: checking every {0} s', P0),
    autoRefreshOff: host.l10n.t('Not refreshing automatically'),
    eventsLabel: host.l10n.t('Events, in time order. Arrow keys move, Enter shows details.'),
    selectedEvent: host.l10n.t('Selected event'),
    duplicateDelivery: host.l10n.t('duplicate delivery (attempt {0})', P0),
    duplicateDeliveryTitle: host.l10n.t(
      'Telnyx delivered this webhook more than once; this record is delivery attempt {0}.',
      P0,
    ),
    oddRecord: host.l10n.t('unreadable record: {0}', P0),
    oddRecordTitle: host.l10n.t(
      'Telnyx sent a record that is not a normal event ({0}). Its raw JSON is in the details.',
      P0,
    ),
    stopLoading: host.l10n.t('Stop'),
    clientStatePlain: host.l10n.t('sent as plain text, not base64'),
    clientStateTruncated: host.l10n.t('base64 cut short: decoded as far as it goes'),
    ladder: ladderStrings(host),
  };
}
