// Above each handler branch, what the extension has seen of that webhook under the account in use:
// how many in the last hour, the application's reaction time after it, the doctor's findings that
// point at it; a click opens the latest such call with the webhook selected. Only what panels and the
// doctor already read (services.seenEvents) is shown: nothing is read from Telnyx for a lens. A
// webhook not seen yet gets a quiet lens that says so, without a command.
import * as vscode from 'vscode';
import type { RuleId } from '../doctor/types';
import type { SeenEventSummary, SeenEvents, SeenFinding } from '../doctor/seenEvents';
import type { CodeDocuments } from './documents';
import type { CodeSettings } from './settings';

const OPEN_CALL_DETAILS_COMMAND = 'telnyx.openCallDetails';
/** Lenses are redrawn at most once a second however often sessions are read. */
const REFRESH_INTERVAL_MS = 1000;

const seconds = (micros: number): string => (micros / 1_000_000).toFixed(2);

function findingWords(rule: RuleId, commands: readonly string[]): string {
  const named = commands.join(', ');
  switch (rule) {
    case 'command-after-hangup':
      return named ? vscode.l10n.t('{0} after hangup', named) : vscode.l10n.t('command after hangup');
    case 'duplicate-commands':
      return named ? vscode.l10n.t('{0} sent twice', named) : vscode.l10n.t('command sent twice');
    case 'answer-on-outgoing-leg':
      return vscode.l10n.t('answer on an outgoing leg');
    case 'dangling-leg':
      return vscode.l10n.t('leg left up');
    case 'unanswered-incoming-call':
      return vscode.l10n.t('never answered');
    case 'failed-deliveries':
      return vscode.l10n.t('delivery failed');
    case 'slow-reactions':
      return vscode.l10n.t('slow reaction');
    case 'out-of-order-events':
      return vscode.l10n.t('out of order');
    case 'bad-client-state':
      return vscode.l10n.t('bad client_state');
    case 'poor-call-quality':
      return vscode.l10n.t('poor call quality');
    case 'command-error':
      return named ? vscode.l10n.t('{0} failed', named) : vscode.l10n.t('command failed');
    case 'hangup-explained':
      return vscode.l10n.t('hangup');
    case 'webhook-answer-failed':
      return vscode.l10n.t('your application did not answer 2xx in time');
    case 'webhook-signature':
      return vscode.l10n.t('signature did not verify');
    case 'command-refused':
      return named ? vscode.l10n.t('{0} refused by Telnyx', named) : vscode.l10n.t('command refused by Telnyx');
  }
}

function findingText(finding: SeenFinding): string {
  const words = findingWords(finding.rule, finding.commands);
  return finding.calls === 1
    ? vscode.l10n.t('1 call: {0}', words)
    : vscode.l10n.t('{0} calls: {1}', finding.calls, words);
}

/** The lens's title: "3 in the last hour (7 seen) · reaction p50 0.42 s, p95 1.10 s · 2 calls: speak after hangup". */
export function lensTitle(summary: SeenEventSummary | undefined): string {
  if (!summary) return vscode.l10n.t('$(pulse) not seen yet');
  const parts = [vscode.l10n.t('$(pulse) {0} in the last hour ({1} seen)', summary.lastHour, summary.seen)];
  if (summary.reaction)
    parts.push(
      vscode.l10n.t(
        'reaction p50 {0} s, p95 {1} s',
        seconds(summary.reaction.p50Micros),
        seconds(summary.reaction.p95Micros),
      ),
    );
  for (const finding of summary.findings.slice(0, 2)) parts.push(findingText(finding));
  return parts.join(' · ');
}

export class HandlerLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFired = 0;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly documents: CodeDocuments,
    private readonly settings: () => CodeSettings,
    private readonly seen: SeenEvents,
    private readonly accountId: () => string | undefined,
  ) {
    this.subscription = seen.onDidChange(() => this.refresh());
  }

  /** Redraws soon: at once if the last redraw is a second old, else when it is. */
  refresh(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFired + REFRESH_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastFired = Date.now();
      this.changed.fire();
    }, wait);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.settings().handlerLenses) return [];
    const analysis = this.documents.analysis(document);
    if (!analysis?.branches.length) return [];
    const accountId = this.accountId();
    const now = Date.now();
    const summaries = new Map<string, SeenEventSummary | undefined>();
    return analysis.branches.map((branch) => {
      if (!summaries.has(branch.event)) summaries.set(branch.event, this.seen.summary(accountId, branch.event, now));
      const summary = summaries.get(branch.event);
      const range = new vscode.Range(document.positionAt(branch.start), document.positionAt(branch.end));
      const latest = summary?.latest;
      return new vscode.CodeLens(range, {
        title: lensTitle(summary),
        tooltip: latest
          ? vscode.l10n.t(
              'What the calls read by call panels and the call doctor in this window showed of {0}. Click to open the latest such call.',
              branch.event,
            )
          : vscode.l10n.t(
              'No call read in this window (by a call panel or the call doctor) had {0} under the account in use.',
              branch.event,
            ),
        command: latest ? OPEN_CALL_DETAILS_COMMAND : '',
        arguments: latest
          ? [
              {
                callControlId: latest.callControlId,
                legId: latest.legId,
                sessionId: latest.sessionId,
                selectEvent: latest.eventKey,
              },
            ]
          : undefined,
      });
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
