// The ladder's words in VS Code's display language, passed to the webview and to the exports.
// (The type-only import lets `l10n-dev export` find the `vscode.l10n.t` calls.)
import type * as vscode from 'vscode';
import type { LadderStrings } from '../timeline/ladderText';
import type { L10nHost } from '../core/l10n';

/** What the extension's `vscode.l10n` offers; tests pass a stand-in with the same `t`. */
export type LadderL10n = typeof vscode.l10n;

const P0 = '{0}';
const P1 = '{1}';
const P2 = '{2}';

export function ladderStrings(vscode: L10nHost): LadderStrings {
  return {
    viewLabel: vscode.l10n.t('Timeline view'),
    viewList: vscode.l10n.t('List'),
    viewLadder: vscode.l10n.t('Ladder'),
    ladderLabel: vscode.l10n.t('Call ladder: {0} arrows between your application and {1} legs', P0, P1),
    application: vscode.l10n.t('Your application'),
    legTitle: vscode.l10n.t('Leg {0}', P0),
    route: vscode.l10n.t('{0} → {1}', P0, P1),
    directionIncoming: vscode.l10n.t('incoming'),
    directionOutgoing: vscode.l10n.t('outgoing'),
    webhook: vscode.l10n.t('webhook'),
    command: vscode.l10n.t('command'),
    result: vscode.l10n.t('result {0}', P0),
    errorCode: vscode.l10n.t('error {0}', P0),
    deliveryFailed: vscode.l10n.t('delivery failed after {0} attempts', P0),
    failoverUsed: vscode.l10n.t('failover URL used'),
    failoverNotUsed: vscode.l10n.t('failover URL not used'),
    deliveries: vscode.l10n.t('{0} deliveries', P0),
    gapLater: vscode.l10n.t('{0} later', P0),
    silence: vscode.l10n.t('{0} of silence (compressed)', P0),
    announceWebhook: vscode.l10n.t('webhook {0} to your application, leg {1}, {2} after start', P0, P1, P2),
    announceCommand: vscode.l10n.t('command {0} from your application to leg {1}, {2} after start', P0, P1, P2),
    announceBroken: vscode.l10n.t('delivery failed'),
    endOfCall: vscode.l10n.t('End of call'),
    hungUpBy: vscode.l10n.t('hung up by {0}', P0),
    sourceCaller: vscode.l10n.t('the caller'),
    sourceCallee: vscode.l10n.t('the callee'),
    sourceUnknown: vscode.l10n.t('an unknown party'),
    hangupCauses: {
      call_rejected: vscode.l10n.t('the call was rejected'),
      normal_clearing: vscode.l10n.t('the call ended normally'),
      originator_cancel: vscode.l10n.t('the caller cancelled before it was answered'),
      timeout: vscode.l10n.t('nobody answered in time'),
      time_limit: vscode.l10n.t('the call reached its time limit'),
      user_busy: vscode.l10n.t('the callee was busy'),
      not_found: vscode.l10n.t('the number does not exist or cannot be reached'),
      no_answer: vscode.l10n.t('nobody answered'),
      unspecified: vscode.l10n.t('Telnyx gave no cause'),
    },
    hangupCauseOther: vscode.l10n.t('cause: {0}', P0),
    sipCode: vscode.l10n.t('SIP {0}', P0),
    noSipCode: vscode.l10n.t('no SIP response code'),
    qualityInbound: vscode.l10n.t('inbound: {0}', P0),
    qualityOutbound: vscode.l10n.t('outbound: {0}', P0),
    mos: vscode.l10n.t('MOS {0}', P0),
    packets: vscode.l10n.t('{0} packets', P0),
    skipped: vscode.l10n.t('{0} skipped', P0),
    lost: vscode.l10n.t('{0} % lost', P0),
    poorQuality: vscode.l10n.t('Warning: poor call quality (MOS below {0})', P0),
    noHangup: vscode.l10n.t('no hangup received yet'),
    copyMermaid: vscode.l10n.t('Copy ladder as Mermaid'),
    saveMermaid: vscode.l10n.t('Save ladder as Mermaid…'),
    saveSvg: vscode.l10n.t('Save ladder as SVG…'),
    mermaidName: vscode.l10n.t('the ladder as Mermaid'),
    diagramTitle: vscode.l10n.t('Call ladder of {0}', P0),
  };
}
