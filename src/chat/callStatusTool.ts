// telnyx_call_status: one call's live status, by call_control_id.
import type { L10nHost } from '../core/l10n';
import { callState, durationSeconds } from '../core/call';
import type { CallStatus } from '../telnyx/types';
import { badField, clientStateData, dataNotice, stringField, withApi } from './common';
import type { ChatToolDefinition, InputCheck, ToolRunContext } from './tool';
import { toolText } from './toolOutput';

export interface CallStatusInput {
  callControlId: string;
}

export function checkCallStatusInput(raw: unknown, host: L10nHost): InputCheck<CallStatusInput> {
  const id = stringField(raw, 'call_control_id');
  if ('problem' in id) return { ok: false, problem: badField(host, 'call_control_id') };
  if (!id.value)
    return {
      ok: false,
      problem: host.l10n.t(
        "No call_control_id was given. Ask the user for the call's call_control_id (it starts with 'v2:' or 'v3:').",
      ),
    };
  return { ok: true, input: { callControlId: id.value } };
}

/** The status as data: every field named as the API names it, plus the state the UI shows. */
export function callStatusData(status: CallStatus, nowMs: number): Record<string, unknown> {
  const seconds = durationSeconds(status, nowMs);
  return {
    call_control_id: status.call_control_id,
    state: callState(status),
    is_alive: status.is_alive,
    duration_seconds: seconds === undefined ? undefined : Math.round(seconds),
    start_time: status.start_time,
    end_time: status.end_time,
    call_leg_id: status.call_leg_id,
    call_session_id: status.call_session_id,
    client_state: clientStateData(status.client_state),
  };
}

export function callStatusText(status: CallStatus, nowMs: number, host: L10nHost): string {
  const state = callState(status);
  const summary =
    state === 'alive'
      ? host.l10n.t('Status of the Telnyx call: alive (answered and in progress).')
      : state === 'ringing'
        ? host.l10n.t(
            'Status of the Telnyx call: ringing (dialled, not answered yet; is_alive stays false until it is answered).',
          )
        : host.l10n.t(
            'Status of the Telnyx call: ended. Telnyx keeps this status only about 10 minutes after the end; the timeline stays available.',
          );
  return toolText({ summary, dataNotice: dataNotice(host), data: callStatusData(status, nowMs) });
}

export const callStatusTool: ChatToolDefinition<CallStatusInput> = {
  name: 'telnyx_call_status',
  checkInput: checkCallStatusInput,
  present: (input, host) => ({
    invocationMessage: host.l10n.t('Reading the status of a Telnyx call'),
    confirmation: {
      title: host.l10n.t('Read a call from your Telnyx account?'),
      message: host.l10n.t(
        'The chat asks to read the status of the call {0} with your Telnyx API key.',
        input.callControlId,
      ),
    },
  }),
  run: (input: CallStatusInput, context: ToolRunContext) =>
    withApi(context, async (api) => {
      const status = await api.getCallStatus(input.callControlId, { signal: context.signal });
      context.rememberCallIds(input.callControlId, { legId: status.call_leg_id, sessionId: status.call_session_id });
      return callStatusText(status, context.now(), context.host);
    }),
};
