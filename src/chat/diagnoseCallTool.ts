// telnyx_diagnose_call: the call doctor's findings and reaction times for a call's session, from a
// call_control_id, a call_leg_id or a call_session_id. The findings are the ones the call panel and
// "Telnyx: Diagnose Call…" show; the events they point at are given by name, leg and time.
import type { L10nHost } from '../core/l10n';
import type { Diagnosis } from '../doctor/types';
import type { CallEvent } from '../telnyx/types';
import { badField, dataNotice, stringField, withApi } from './common';
import type { ChatToolDefinition, InputCheck, ToolRunContext } from './tool';
import { toolText } from './toolOutput';

export interface DiagnoseCallInput {
  id: string;
}

export function checkDiagnoseCallInput(raw: unknown, host: L10nHost): InputCheck<DiagnoseCallInput> {
  const given: string[] = [];
  for (const field of ['call_control_id', 'call_leg_id', 'call_session_id'] as const) {
    const read = stringField(raw, field);
    if ('problem' in read) return { ok: false, problem: badField(host, field) };
    if (read.value) given.push(read.value);
  }
  if (given.length === 0)
    return {
      ok: false,
      problem: host.l10n.t('No id was given. Give one of call_control_id, call_leg_id or call_session_id.'),
    };
  if (given.length > 1)
    return { ok: false, problem: host.l10n.t('Give only one of call_control_id, call_leg_id or call_session_id.') };
  return { ok: true, input: { id: given[0] as string } };
}

/** The diagnosis as data: each finding with the events it is about, and the reaction times in ms. */
export function diagnosisData(
  sessionId: string,
  events: readonly CallEvent[],
  diagnosis: Diagnosis,
): Record<string, unknown> {
  const legNumber = new Map<string, number>();
  for (const event of events)
    if (!legNumber.has(event.call_leg_id)) legNumber.set(event.call_leg_id, legNumber.size + 1);
  const eventOf = (index: number): Record<string, unknown> | undefined => {
    const event = events[index];
    return (
      event && {
        name: event.name,
        type: event.type,
        leg: legNumber.get(event.call_leg_id),
        occurred_at: event.event_timestamp,
      }
    );
  };
  const ms = (micros: number): number => Math.round(micros / 100) / 10;
  return {
    call_session_id: sessionId,
    events_read: events.length,
    legs: [...legNumber].map(([id, number]) => ({ leg: number, call_leg_id: id })),
    findings: diagnosis.findings.map((finding) => ({
      severity: finding.severity,
      rule: finding.rule,
      title: finding.title,
      explanation: finding.explanation,
      docs: finding.docsUrl,
      events: finding.eventRefs.map(eventOf).filter((event) => event !== undefined),
    })),
    basis: {
      events_read: diagnosis.basis.eventsRead,
      webhooks: diagnosis.basis.webhooks,
      webhooks_with_delivery_result: diagnosis.basis.deliveryKnown,
      commands: diagnosis.basis.commands,
      commands_with_result: diagnosis.basis.resultKnown,
      unrecognised_commands: diagnosis.basis.unrecognisedCommands,
    },
    reaction_times_ms: diagnosis.reactions.byWebhook.map((stat) => ({
      webhook: stat.webhook,
      count: stat.count,
      p50: ms(stat.p50Micros),
      p95: ms(stat.p95Micros),
      max: ms(stat.maxMicros),
    })),
  };
}

export function diagnosisText(
  sessionId: string,
  events: readonly CallEvent[],
  diagnosis: Diagnosis,
  host: L10nHost,
): string {
  const counted = (severity: 'error' | 'warning' | 'info'): number =>
    diagnosis.findings.filter((f) => f.severity === severity).length;
  const summary =
    diagnosis.findings.length === 0
      ? host.l10n.t(
          'The call doctor read {0} events of the session and found nothing to report.',
          String(events.length),
        )
      : host.l10n.t(
          'The call doctor read {0} events of the session: {1} errors, {2} warnings, {3} notes. ' +
            'Each finding says what happened and what to do, with a Telnyx documentation page.',
          String(events.length),
          String(counted('error')),
          String(counted('warning')),
          String(counted('info')),
        );
  return toolText({
    summary: `${summary} ${host.l10n.t('What the diagnosis rests on: {0}', diagnosis.basisLine)}`,
    dataNotice: dataNotice(host),
    data: diagnosisData(sessionId, events, diagnosis),
  });
}

export const diagnoseCallTool: ChatToolDefinition<DiagnoseCallInput> = {
  name: 'telnyx_diagnose_call',
  checkInput: checkDiagnoseCallInput,
  present: (input, host) => ({
    invocationMessage: host.l10n.t('Diagnosing a Telnyx call'),
    confirmation: {
      title: host.l10n.t('Read a call from your Telnyx account?'),
      message: host.l10n.t(
        'The chat asks to read the events of the call session of {0} with your Telnyx API key, to diagnose it.',
        input.id,
      ),
    },
  }),
  run: (input: DiagnoseCallInput, context: ToolRunContext) =>
    withApi(context, async (api) => {
      const { diagnoseCall, loadSessionForDoctor } = context.doctor();
      const loaded = await loadSessionForDoctor(api, input.id, { signal: context.signal });
      if (!loaded) {
        const host = context.host;
        return toolText({
          summary: host.l10n.t(
            'Telnyx has no events for this id: nothing to diagnose. Check the id, or whether the call is older than Telnyx keeps events.',
          ),
          dataNotice: dataNotice(context.host),
          data: { id: input.id, events_read: 0 },
        });
      }
      const diagnosis = diagnoseCall(
        { events: loaded.events, connection: loaded.connection },
        { ...context.doctorOptions(), nowMs: context.now() },
        context.host,
      );
      return diagnosisText(loaded.sessionId, loaded.events, diagnosis, context.host);
    }),
};
