// The call doctor's results as the panel's Findings section shows them: event references turned
// into the list's event keys, times formatted, labels translated here (webviews have no l10n).
import * as vscode from 'vscode';
import { doctorOptionsFromSettings } from '../services/doctorSettings';
import { diagnoseCall, type Diagnosis, type DoctorConnection } from '../doctor/index';
import type { CallEvent } from '../telnyx/types';
import { eventKey, type PanelEvent } from '../timeline/model';
import { legLeftUp } from './hangUpLeg';
import type { FindingsView } from './protocol';

const seconds = (micros: number): string => vscode.l10n.t('{0} s', (micros / 1_000_000).toFixed(2));

export function findingsViewOf(diagnosis: Diagnosis, events: readonly CallEvent[]): FindingsView {
  return {
    heading: vscode.l10n.t('Findings'),
    empty:
      events.length === 0
        ? vscode.l10n.t('No events to diagnose: the call doctor had nothing to read.')
        : vscode.l10n.t('The call doctor found nothing to report in these events.'),
    docsLabel: vscode.l10n.t('Telnyx docs'),
    eventsLabel: vscode.l10n.t('Events of this finding'),
    reactionsHeading: vscode.l10n.t('Reaction times (webhook → next command on the same leg)'),
    columns: [vscode.l10n.t('Webhook'), vscode.l10n.t('Pairs'), vscode.l10n.t('p50'), vscode.l10n.t('p95')],
    findings: diagnosis.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      title: f.title,
      explanation: f.explanation,
      docsUrl: f.docsUrl,
      events: f.eventRefs
        .filter((i) => events[i] !== undefined)
        .map((i) => ({ key: eventKey(events[i]), name: events[i].name })),
      ...(legLeftUp(f.id, events) ? { hangUp: vscode.l10n.t('Hang up this leg') } : {}),
    })),
    reactions: diagnosis.reactions.byWebhook.map((r) => ({
      webhook: r.webhook,
      count: r.count,
      p50: seconds(r.p50Micros),
      p95: seconds(r.p95Micros),
    })),
    basis: diagnosis.basisLine,
  };
}

/** Diagnoses what a panel holds. */
export function diagnosePanelEvents(events: readonly PanelEvent[], connection?: DoctorConnection): Diagnosis {
  return diagnoseCall({ events, ...(connection ? { connection } : {}) }, doctorOptionsFromSettings(), vscode);
}
