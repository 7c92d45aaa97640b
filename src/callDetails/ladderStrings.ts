// The ladder's words in VS Code's display language, passed to the webview and to the exports.
import type { LadderStrings } from '../timeline/ladderText';
import type { L10nHost } from './strings';

const P0 = '{0}';
const P1 = '{1}';
const P2 = '{2}';

export function ladderStrings(vscode: L10nHost): LadderStrings {
  const t = vscode.l10n;
  return {
    viewLabel: t.t('Timeline view'),
    viewList: t.t('List'),
    viewLadder: t.t('Ladder'),
    ladderLabel: t.t('Call ladder: {0} arrows between your application and {1} legs', P0, P1),
    application: t.t('Your application'),
    legTitle: t.t('Leg {0}', P0),
    route: t.t('{0} → {1}', P0, P1),
    directionIncoming: t.t('incoming'),
    directionOutgoing: t.t('outgoing'),
    webhook: t.t('webhook'),
    command: t.t('command'),
    result: t.t('result {0}', P0),
    errorCode: t.t('error {0}', P0),
    deliveryFailed: t.t('delivery failed after {0} attempts', P0),
    failoverUsed: t.t('failover URL used'),
    failoverNotUsed: t.t('failover URL not used'),
    deliveries: t.t('{0} deliveries', P0),
    gapLater: t.t('{0} later', P0),
    silence: t.t('{0} of silence (compressed)', P0),
    announceWebhook: t.t('webhook {0} to your application, leg {1}, {2} after start', P0, P1, P2),
    announceCommand: t.t('command {0} from your application to leg {1}, {2} after start', P0, P1, P2),
    announceBroken: t.t('delivery failed'),
    endOfCall: t.t('End of call'),
    hungUpBy: t.t('hung up by {0}', P0),
    sourceCaller: t.t('the caller'),
    sourceCallee: t.t('the callee'),
    sourceUnknown: t.t('an unknown party'),
    hangupCauses: {
      normal_clearing: t.t('the call ended normally'),
      originator_cancel: t.t('the caller cancelled before it was answered'),
      user_busy: t.t('the callee was busy'),
      timeout: t.t('nobody answered in time'),
      time_limit: t.t('the call reached its time limit'),
      call_rejected: t.t('the call was rejected'),
      no_answer: t.t('nobody answered'),
      unallocated_number: t.t('the number does not exist'),
      normal_temporary_failure: t.t('a temporary network failure'),
      destination_out_of_order: t.t('the destination was unreachable'),
      invalid_number_format: t.t('the number was not valid'),
      network_out_of_order: t.t('the network failed'),
      recovery_on_timer_expire: t.t('a signalling timer expired'),
      unspecified: t.t('no reason was given'),
    },
    hangupCauseOther: t.t('cause: {0}', P0),
    sipCode: t.t('SIP {0}', P0),
    qualityInbound: t.t('inbound: {0}', P0),
    qualityOutbound: t.t('outbound: {0}', P0),
    mos: t.t('MOS {0}', P0),
    packets: t.t('{0} packets', P0),
    skipped: t.t('{0} skipped', P0),
    poorQuality: t.t('Warning: poor call quality (MOS below {0})', P0),
    noHangup: t.t('no hangup received yet'),
    copyMermaid: t.t('Copy ladder as Mermaid'),
    saveMermaid: t.t('Save ladder as Mermaid…'),
    saveSvg: t.t('Save ladder as SVG…'),
    diagramTitle: t.t('Call ladder of {0}', P0),
  };
}
