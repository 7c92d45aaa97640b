// telnyx_active_calls: the first page of a connection's live calls, with their total.
import type { L10nHost } from '../core/l10n';
import type { TelnyxApi } from '../telnyx/api';
import { isTelnyxError } from '../telnyx/errors';
import type { ActiveCall, Connection, CursorPage } from '../telnyx/types';
import { badField, clientStateData, dataNotice, stringField, withApi } from './common';
import type { ChatToolDefinition, InputCheck } from './tool';
import { toolText } from './toolOutput';

const MIN_NAME_LENGTH = 3; // Telnyx refuses a shorter filter[connection_name][contains]
const CANDIDATES = 25;

export interface ActiveCallsInput {
  /** A connection id (digits) or a name, or part of one. */
  connection: string;
}

export function isConnectionId(text: string): boolean {
  return /^\d{6,}$/.test(text);
}

export function checkActiveCallsInput(raw: unknown, host: L10nHost): InputCheck<ActiveCallsInput> {
  const read = stringField(raw, 'connection');
  if ('problem' in read) return { ok: false, problem: badField(host, 'connection') };
  if (!read.value)
    return {
      ok: false,
      problem: host.l10n.t('No connection was given. Give its id (digits) or at least 3 characters of its name.'),
    };
  if (!isConnectionId(read.value) && read.value.length < MIN_NAME_LENGTH) {
    return { ok: false, problem: host.l10n.t('A connection name to search for needs at least 3 characters.') };
  }
  return { ok: true, input: { connection: read.value } };
}

function connectionData(connection: Connection): Record<string, unknown> {
  return {
    id: connection.id,
    name: connection.connection_name,
    type: connection.record_type,
    active: connection.active,
  };
}

export type ConnectionMatch =
  | { kind: 'one'; connection: Connection }
  | { kind: 'none' }
  /** An id the account has no connection with (Telnyx answered 404). */
  | { kind: 'unknownId' }
  | { kind: 'several'; candidates: Connection[] };

/** An id is read directly; a name is searched on the server, and an exact name (any case) wins. */
export async function findConnection(api: TelnyxApi, query: string, signal: AbortSignal): Promise<ConnectionMatch> {
  if (isConnectionId(query)) {
    try {
      return { kind: 'one', connection: await api.getConnection(query, { signal }) };
    } catch (error) {
      // Not a setting to check: the account in use has no connection with that id.
      if (isTelnyxError(error) && error.kind === 'not_found') return { kind: 'unknownId' };
      throw error;
    }
  }
  const found = (await api.listConnections({ nameContains: query, pageSize: CANDIDATES }, { signal })).data;
  const exact = found.filter((connection) => connection.connection_name?.toLowerCase() === query.toLowerCase());
  if (exact.length === 1 && exact[0]) return { kind: 'one', connection: exact[0] };
  if (found.length === 1 && found[0]) return { kind: 'one', connection: found[0] };
  return found.length === 0 ? { kind: 'none' } : { kind: 'several', candidates: found };
}

export function candidatesText(candidates: readonly Connection[], host: L10nHost): string {
  return toolText({
    summary: host.l10n.t(
      'Several Telnyx connections match that name ({0} listed). Ask again with the id of one of them.',
      candidates.length,
    ),
    dataNotice: dataNotice(host),
    data: { candidates: candidates.map(connectionData) },
  });
}

export function activeCallsText(connection: Connection, page: CursorPage<ActiveCall>, host: L10nHost): string {
  const shown = page.data.length;
  const total = page.meta.total_items;
  const more = page.nextCursor !== undefined || (total !== undefined && total > shown);
  let summary: string;
  if (shown === 0) summary = host.l10n.t('The Telnyx connection has no active calls right now.');
  else if (total !== undefined)
    summary = host.l10n.t('Active calls of the Telnyx connection: {0} in all; the first {1} are listed.', total, shown);
  else if (more)
    summary = host.l10n.t(
      'Active calls of the Telnyx connection: more than {0}; Telnyx did not say how many in all. The first {0} are listed.',
      shown,
    );
  else summary = host.l10n.t('Active calls of the Telnyx connection: {0}.', shown);
  const notes = more
    ? [host.l10n.t('The other calls are in the Connections view of the Telnyx sidebar ("Load more").')]
    : [];
  return toolText({
    summary,
    dataNotice: dataNotice(host),
    data: {
      connection: connectionData(connection),
      total_active_calls: total,
      shown_calls: shown,
      calls: page.data.map((call) => ({
        call_control_id: call.call_control_id,
        call_leg_id: call.call_leg_id,
        call_session_id: call.call_session_id,
        duration_seconds: call.call_duration,
        client_state: clientStateData(call.client_state),
      })),
    },
    notes,
  });
}

export const activeCallsTool: ChatToolDefinition<ActiveCallsInput> = {
  name: 'telnyx_active_calls',
  checkInput: checkActiveCallsInput,
  present: (input, host) => ({
    invocationMessage: host.l10n.t('Reading the active calls of a Telnyx connection'),
    confirmation: {
      title: host.l10n.t('Read active calls from your Telnyx account?'),
      message: isConnectionId(input.connection)
        ? host.l10n.t(
            'The chat asks to list the active calls of the connection {0} with your Telnyx API key.',
            input.connection,
          )
        : host.l10n.t(
            'The chat asks to find the connection named "{0}" and list its active calls with your Telnyx API key.',
            input.connection,
          ),
    },
  }),
  run: (input, context) =>
    withApi(context, async (api) => {
      const { host } = context;
      const match = await findConnection(api, input.connection, context.signal);
      if (match.kind === 'none')
        return host.l10n.t(
          'No Telnyx connection has a name that contains that text. Ask the user for the connection id.',
        );
      if (match.kind === 'unknownId') {
        return host.l10n.t(
          'The Telnyx account in use has no connection with the id {0}. Ask the user for the ' +
            "connection's id or name (the Telnyx view lists the connections), or whether it belongs to " +
            'another of their accounts.',
          input.connection,
        );
      }
      if (match.kind === 'several') return candidatesText(match.candidates, context.host);
      const page = await api.listActiveCalls(
        match.connection.id,
        { limit: context.pageSize },
        { signal: context.signal },
      );
      return activeCallsText(match.connection, page, context.host);
    }),
};
