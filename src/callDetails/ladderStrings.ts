// The ladder's words in VS Code's display language, passed to the webview and to the exports.
import type { LadderStrings } from '../timeline/ladderText';
import type { L10nHost } from '../core/l10n';

const P0 = '{0}';
const P1 = '{1}';
const P2 = '{2}';

export function ladderStrings(host: L10nHost): LadderStrings {
  return {
    viewLabel: host.l10n.t('Timeline view'),
    viewList: host.l10n.t('List'),
    viewLadder: host.l10n.t('Ladder'),
    ladderLabel: host.l10n.t('Call ladder: {0} between your application and {1}', P0, P1),
    arrowCount: { one: host.l10n.t('{0} arrow', P0), other: host.l10n.t('{0} arrows', P0) },
    legCount: { one: host.l10n.t('{0} leg', P0), other: host.l10n.t('{0} legs', P0) },
    application: host.l10n.t('Your application'),
    legTitle: host.l10n.t('Leg {0}', P0),
    route: host.l10n.t('{0} → {1}', P0, P1),
    directionIncoming: host.l10n.t('incoming'),
    directionOutgoing: host.l10n.t('outgoing'),
    webhook: host.l10n.t('webhook'),
    command: host.l10n.t('command'),
    result: host.l10n.t('result {0}', P0),
    errorCode: host.l10n.t('error {0}', P0),
    deliveryFailed: {
      one: host.l10n.t('delivery failed after {0} attempt', P0),
      other: host.l10n.t('delivery failed after {0} attempts', P0),
    },
    failoverUsed: host.l10n.t('failover URL used'),
    failoverNotUsed: host.l10n.t('failover URL not used'),
    deliveries: host.l10n.t('{0} deliveries', P0),
    gapLater: host.l10n.t('{0} later', P0),
    silence: host.l10n.t('{0} of silence (compressed)', P0),
    announceWebhook: host.l10n.t('webhook {0} to your application, leg {1}, {2} after start', P0, P1, P2),
    announceCommand: host.l10n.t('command {0} from your application to leg {1}, {2} after start', P0, P1, P2),
    announceBroken: host.l10n.t('delivery failed'),
    endOfCall: host.l10n.t('End of call'),
    hungUpBy: host.l10n.t('hung up by {0}', P0),
    sourceCaller: host.l10n.t('the caller'),
    sourceCallee: host.l10n.t('the callee'),
    sourceUnknown: host.l10n.t('an unknown party'),
    hangupCauses: {
      call_rejected: host.l10n.t('the call was rejected'),
      normal_clearing: host.l10n.t('the call ended normally'),
      originator_cancel: host.l10n.t('the caller cancelled before it was answered'),
      timeout: host.l10n.t('nobody answered in time'),
      time_limit: host.l10n.t('the call reached its time limit'),
      user_busy: host.l10n.t('the callee was busy'),
      not_found: host.l10n.t('the number does not exist or cannot be reached'),
      no_answer: host.l10n.t('nobody answered'),
      unspecified: host.l10n.t('Telnyx gave no cause'),
    },
    hangupCauseOther: host.l10n.t('cause: {0}', P0),
    sipCode: host.l10n.t('SIP {0}', P0),
    noSipCode: host.l10n.t('no SIP response code'),
    qualityInbound: host.l10n.t('inbound: {0}', P0),
    qualityOutbound: host.l10n.t('outbound: {0}', P0),
    mos: host.l10n.t('MOS {0}', P0),
    packets: { one: host.l10n.t('{0} packet', P0), other: host.l10n.t('{0} packets', P0) },
    skipped: host.l10n.t('{0} skipped', P0),
    lost: host.l10n.t('{0} % lost', P0),
    poorQuality: host.l10n.t('Warning: poor call quality (MOS below {0})', P0),
    noHangup: host.l10n.t('no hangup received yet'),
    copyMermaid: host.l10n.t('Copy ladder as Mermaid'),
    saveMermaid: host.l10n.t('Save ladder as Mermaid…'),
    saveSvg: host.l10n.t('Save ladder as SVG…'),
    mermaidName: host.l10n.t('the ladder as Mermaid'),
    diagramTitle: host.l10n.t('Call ladder of {0}', P0),
  };
}
