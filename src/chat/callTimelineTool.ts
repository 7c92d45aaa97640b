// telnyx_call_timeline: the commands and webhooks of a call, leg or session, compact and bounded.
import type { L10nHost } from '../core/l10n';
import { findCallIdsInRecentEvents } from '../calls/findLeg';
import type { LegAndSessionIds } from '../calls/knownIds';
import { isStatusGone } from '../core/errors';
import type { TelnyxApi } from '../telnyx/api';
import type { CallEvent, CallEventsFilter } from '../telnyx/types';
import { buildTimeline, type TimelineEntry } from '../timeline/model';
import { formatSpan } from '../timeline/time';
import { badField, dataNotice, stringField, ToolCancelledError, withApi } from './common';
import type { ChatToolDefinition, InputCheck, ToolRunContext } from './tool';
import { toolText } from './toolOutput';

export const DEFAULT_MAX_EVENTS = 100;
export const MAX_EVENTS_LIMIT = 500;
const EVENTS_PAGE_SIZE = 250;

export type TimelineTarget =
  { kind: 'call'; callControlId: string } | { kind: 'leg'; legId: string } | { kind: 'session'; sessionId: string };

export interface CallTimelineInput {
  target: TimelineTarget;
  nameFilter: string | undefined;
  maxEvents: number;
}

export function checkCallTimelineInput(raw: unknown, host: L10nHost): InputCheck<CallTimelineInput> {
  const fields = ['call_control_id', 'call_leg_id', 'call_session_id', 'name_filter'] as const;
  const values: Partial<Record<(typeof fields)[number], string>> = {};
  for (const field of fields) {
    const read = stringField(raw, field);
    if ('problem' in read) return { ok: false, problem: badField(host, field) };
    if (read.value !== undefined) values[field] = read.value;
  }
  const targets: TimelineTarget[] = [];
  if (values.call_control_id) targets.push({ kind: 'call', callControlId: values.call_control_id });
  if (values.call_leg_id) targets.push({ kind: 'leg', legId: values.call_leg_id });
  if (values.call_session_id) targets.push({ kind: 'session', sessionId: values.call_session_id });
  if (targets.length !== 1) {
    return {
      ok: false,
      problem:
        targets.length === 0
          ? host.l10n.t('No id was given. Give one of call_control_id, call_leg_id or call_session_id.')
          : host.l10n.t('Give only one of call_control_id, call_leg_id or call_session_id.'),
    };
  }
  const max = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).max_events : undefined;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_EVENTS_LIMIT)) {
    return { ok: false, problem: host.l10n.t('max_events must be a whole number from 1 to {0}.', MAX_EVENTS_LIMIT) };
  }
  return {
    ok: true,
    input: {
      target: targets[0] as TimelineTarget,
      nameFilter: values.name_filter,
      maxEvents: typeof max === 'number' ? max : DEFAULT_MAX_EVENTS,
    },
  };
}

/** Which events to ask for, and which of the answer to keep. */
export interface TimelineScope {
  filter: CallEventsFilter;
  kind: 'leg' | 'session';
  id: string;
}

/**
 * Telnyx silently ignores a filter it does not know and answers with other events: keep only those
 * of the leg or session asked for, and count the rest.
 */
export function keepScope(events: readonly CallEvent[], scope: TimelineScope): { kept: CallEvent[]; foreign: number } {
  const kept = events.filter((event) =>
    scope.kind === 'leg' ? event.call_leg_id === scope.id : event.call_session_id === scope.id,
  );
  return { kept, foreign: events.length - kept.length };
}

interface EventRow {
  name: string;
  type: string;
  leg: number;
  t: string;
  delivery?: string;
  failed?: true;
  hangup_cause?: string;
}

function row(entry: TimelineEntry): EventRow {
  const event = entry.event;
  const result: EventRow = {
    name: event.name,
    type: event.type,
    leg: entry.lane + 1,
    t: Number.isNaN(entry.sinceStartMicros) ? event.event_timestamp : `+${formatSpan(entry.sinceStartMicros)}`,
  };
  if (entry.summary.deliveryStatus !== undefined) result.delivery = entry.summary.deliveryStatus;
  if (entry.summary.failed) result.failed = true;
  if (entry.summary.hangupCause !== undefined) result.hangup_cause = entry.summary.hangupCause;
  return result;
}

export interface TimelineTextOptions {
  scope: TimelineScope;
  callControlId?: string;
  nameFilter?: string;
  maxEvents: number;
  /** Events the API returned that were of another leg or session. */
  foreign: number;
}

/**
 * The events in time order, with the time since the first event of the scope. Past `maxEvents`, the
 * first and the last halves are kept (how a call starts and how it ends are what explains it) and a
 * note says how many were left out and where.
 */
export function callTimelineText(events: readonly CallEvent[], options: TimelineTextOptions, host: L10nHost): string {
  const timeline = buildTimeline(events);
  const needle = options.nameFilter?.toLowerCase();
  const matching = needle
    ? timeline.entries.filter((entry) => entry.event.name.toLowerCase().includes(needle))
    : timeline.entries;
  const head = Math.ceil(options.maxEvents / 2);
  const truncated = matching.length > options.maxEvents;
  const shown = truncated
    ? [...matching.slice(0, head), ...matching.slice(matching.length - (options.maxEvents - head))]
    : matching;
  const omitted = matching.length - shown.length;

  const notes: string[] = [];
  if (truncated) {
    const firstLeftOut = matching[head];
    const lastLeftOut = matching[head + omitted - 1];
    notes.push(
      host.l10n.t(
        'truncated: {0} more events are not shown, between the first {1} and the last {2} listed ' +
          '(from {3} to {4} after the first event). Ask again with a name_filter (e.g. hangup) or a ' +
          'larger max_events (up to {5}) to see them.',
        omitted,
        head,
        options.maxEvents - head,
        firstLeftOut ? `+${formatSpan(firstLeftOut.sinceStartMicros)}` : '?',
        lastLeftOut ? `+${formatSpan(lastLeftOut.sinceStartMicros)}` : '?',
        MAX_EVENTS_LIMIT,
      ),
    );
  }
  if (options.foreign > 0) {
    notes.push(
      host.l10n.t(
        '{0} events that Telnyx returned belong to another leg or session and were left out (Telnyx ignores a filter it does not apply).',
        options.foreign,
      ),
    );
  }

  const spanMicros = timeline.endMicros - timeline.startMicros;
  let summary: string;
  if (timeline.entries.length === 0) {
    summary =
      options.scope.kind === 'leg'
        ? host.l10n.t('Telnyx has no events for this call leg. Events are kept for a limited time; check the id.')
        : host.l10n.t('Telnyx has no events for this call session. Events are kept for a limited time; check the id.');
  } else {
    const span = Number.isFinite(spanMicros) ? formatSpan(spanMicros) : '?';
    summary =
      options.scope.kind === 'leg'
        ? host.l10n.t(
            'Timeline of the Telnyx call leg: {0} events over {1}, in time order.',
            timeline.entries.length,
            span,
          )
        : timeline.lanes.length === 1
          ? host.l10n.t(
              'Timeline of the Telnyx call session: {0} events on one leg over {1}, in time order.',
              timeline.entries.length,
              span,
            )
          : host.l10n.t(
              'Timeline of the Telnyx call session: {0} events on {1} legs over {2}, in time order.',
              timeline.entries.length,
              timeline.lanes.length,
              span,
            );
    if (needle) summary += ' ' + host.l10n.t('{0} of them match the name filter.', matching.length);
    summary +=
      ' ' +
      host.l10n.t(
        'Each event: name, type (command or webhook), leg (see legs), t (time since the first ' +
          'event), and delivery, failed and hangup_cause when known.',
      );
  }

  const first = timeline.entries[0]?.event.event_timestamp;
  const data: Record<string, unknown> = {
    call_control_id: options.callControlId,
    [options.scope.kind === 'leg' ? 'call_leg_id' : 'call_session_id']: options.scope.id,
    first_event_at: first,
    total_events: timeline.entries.length,
    name_filter: options.nameFilter,
    matching_events: needle ? matching.length : undefined,
    shown_events: shown.length,
    omitted_events: omitted > 0 ? omitted : undefined,
    legs: timeline.lanes.map((lane) => ({
      leg: lane.index + 1,
      call_leg_id: lane.legId,
      call_session_id: lane.sessionId,
      events: lane.eventCount,
    })),
    events: shown.map(row),
  };
  return toolText({ summary, dataNotice: dataNotice(host), data, notes });
}

/** The session of a call_control_id: from its status, else what the panel remembered, else recent events. */
async function scopeOfCall(
  api: TelnyxApi,
  callControlId: string,
  context: ToolRunContext,
): Promise<TimelineScope | undefined> {
  let ids: LegAndSessionIds | undefined;
  try {
    const status = await api.getCallStatus(callControlId, { signal: context.signal });
    ids = { legId: status.call_leg_id, sessionId: status.call_session_id };
    context.rememberCallIds(callControlId, ids);
  } catch (error) {
    if (!isStatusGone(error)) throw error;
    ids = context.knownCallIds(callControlId);
    if (!ids) {
      ids = await findCallIdsInRecentEvents(api, callControlId, context.signal);
      if (ids) context.rememberCallIds(callControlId, ids);
    }
  }
  if (ids?.sessionId) return { filter: { applicationSessionId: ids.sessionId }, kind: 'session', id: ids.sessionId };
  if (ids?.legId) return { filter: { legId: ids.legId }, kind: 'leg', id: ids.legId };
  return undefined;
}

export const callTimelineTool: ChatToolDefinition<CallTimelineInput> = {
  name: 'telnyx_call_timeline',
  checkInput: checkCallTimelineInput,
  present: (input, host) => {
    const target = input.target;
    const message =
      target.kind === 'call'
        ? host.l10n.t(
            'The chat asks to read the events of the call {0} (its whole session) with your Telnyx API key.',
            target.callControlId,
          )
        : target.kind === 'leg'
          ? host.l10n.t('The chat asks to read the events of the call leg {0} with your Telnyx API key.', target.legId)
          : host.l10n.t(
              'The chat asks to read the events of the call session {0} with your Telnyx API key.',
              target.sessionId,
            );
    return {
      invocationMessage: host.l10n.t('Reading the timeline of a Telnyx call'),
      confirmation: { title: host.l10n.t('Read call events from your Telnyx account?'), message },
    };
  },
  run: (input, context) =>
    withApi(context, async (api) => {
      const { host } = context;
      const target = input.target;
      const scope: TimelineScope | undefined =
        target.kind === 'leg'
          ? { filter: { legId: target.legId }, kind: 'leg', id: target.legId }
          : target.kind === 'session'
            ? { filter: { applicationSessionId: target.sessionId }, kind: 'session', id: target.sessionId }
            : await scopeOfCall(api, target.callControlId, context);
      if (context.signal.aborted) throw new ToolCancelledError();
      if (!scope) {
        return host.l10n.t(
          "Telnyx no longer has this call's status and no recent event names it, so its leg and " +
            "session are unknown. Ask the user for the call's call_leg_id or call_session_id.",
        );
      }
      const events = await api.fetchAllCallEvents(scope.filter, { signal: context.signal, pageSize: EVENTS_PAGE_SIZE });
      const { kept, foreign } = keepScope(events, scope);
      return callTimelineText(
        kept,
        {
          scope,
          callControlId: target.kind === 'call' ? target.callControlId : undefined,
          nameFilter: input.nameFilter,
          maxEvents: input.maxEvents,
          foreign,
        },
        context.host,
      );
    }),
};
