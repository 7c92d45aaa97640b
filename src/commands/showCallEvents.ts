import * as vscode from 'vscode';
import { shortId } from '../core/format';
import type { CallDetailsOpener, EventsQuery } from '../services/services';
import { checkUuid } from '../core/ids';
import {
  hostTimeZoneLabel,
  lastMinutes,
  normalisePhoneNumber,
  parseTimeWindow,
  type TimeWindow,
  type TimeWindowProblem,
} from './validation';

/** Arguments that skip the prompts (hover links, other commands). */
export interface ShowCallEventsArgs {
  legId?: string;
  sessionId?: string;
}

type Way = 'leg' | 'session' | 'number';

function uuidPrompt(way: 'leg' | 'session'): Thenable<string | undefined> {
  const field = way === 'leg' ? 'call_leg_id' : 'call_session_id';
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Telnyx: Show Call Events by {0}', field),
    prompt:
      way === 'leg'
        ? vscode.l10n.t('The call_leg_id (a UUID) of one leg. Events of any age are found.')
        : vscode.l10n.t('The call_session_id (a UUID) shared by all legs of a call. Events of any age are found.'),
    placeHolder: '428c31b6-7af4-4bcb-b7f5-5013ef9657c1',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const problem = checkUuid(value);
      if (problem === 'empty') return vscode.l10n.t('Enter a {0}.', field);
      if (problem === 'format') return vscode.l10n.t('A {0} is a UUID: 8-4-4-4-12 hexadecimal digits.', field);
      return undefined;
    },
  });
}

function timeWindowProblemMessage(problem: TimeWindowProblem): string {
  switch (problem) {
    case 'empty':
    case 'unreadable':
      return vscode.l10n.t(
        'Write a start, or "start to end", as date and time, e.g. 2025-05-01 14:00 to 2025-05-01 14:30 (local time) or 2025-05-01T12:00Z.',
      );
    case 'future':
      return vscode.l10n.t('The start is in the future.');
    case 'tooOld':
      return vscode.l10n.t(
        'Telnyx searches events by number only over the last 24 hours: choose a later start, or search by call_leg_id or call_session_id.',
      );
    case 'order':
      return vscode.l10n.t('The end must come after the start.');
  }
}

async function pickTimeWindow(): Promise<{ window: TimeWindow; label: string } | undefined> {
  const presets: Array<vscode.QuickPickItem & { minutes?: number }> = [
    { label: vscode.l10n.t('Last 15 minutes'), minutes: 15 },
    { label: vscode.l10n.t('Last hour'), minutes: 60 },
    { label: vscode.l10n.t('Last 6 hours'), minutes: 360 },
    { label: vscode.l10n.t('Last 24 hours'), minutes: 1440 },
    {
      label: vscode.l10n.t('Custom…'),
      detail: vscode.l10n.t('A start (and optionally an end) within the last 24 hours.'),
    },
  ];
  const chosen = await vscode.window.showQuickPick(presets, {
    title: vscode.l10n.t('Telnyx: Show Call Events — time window'),
    placeHolder: vscode.l10n.t('Without a leg or session id, Telnyx searches only the last 24 hours of events.'),
    ignoreFocusOut: true,
  });
  if (!chosen) return undefined;
  if (chosen.minutes !== undefined) return { window: lastMinutes(chosen.minutes, Date.now()), label: chosen.label };
  const entered = await vscode.window.showInputBox({
    title: vscode.l10n.t('Telnyx: Show Call Events — custom time window'),
    prompt: vscode.l10n.t(
      '"start" or "start to end", within the last 24 hours (Telnyx keeps number searches to ' +
        'that window). Times without an offset are in {0}, the time zone of the extension host; ' +
        'add Z or an offset such as +02:00 for another.',
      hostTimeZoneLabel(Date.now()),
    ),
    placeHolder: '2025-05-01 14:00 to 2025-05-01 14:30',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseTimeWindow(value, Date.now());
      return parsed.ok ? undefined : timeWindowProblemMessage(parsed.problem);
    },
  });
  if (entered === undefined) return undefined;
  const parsed = parseTimeWindow(entered, Date.now());
  return parsed.ok ? { window: parsed.window, label: entered.trim() } : undefined;
}

async function numberQuery(): Promise<EventsQuery | undefined> {
  const entered = await vscode.window.showInputBox({
    title: vscode.l10n.t('Telnyx: Show Call Events by number'),
    prompt: vscode.l10n.t(
      'A phone number in E.164 form (+ and country code) or a SIP URI. Telnyx searches the last 24 hours only.',
    ),
    placeHolder: '+13125550100',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = normalisePhoneNumber(value);
      if (parsed.ok) return undefined;
      return parsed.problem === 'empty'
        ? vscode.l10n.t('Enter a phone number, e.g. +13125550100.')
        : vscode.l10n.t(
            'Use E.164: "+", the country code and the number (7 to 15 digits), or a SIP URI such as sip:alice@example.com.',
          );
    },
  });
  if (entered === undefined) return undefined;
  const parsed = normalisePhoneNumber(entered);
  if (!parsed.ok) return undefined;
  const number = parsed.value;

  const direction = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Calls from {0}', number), direction: 'from' as const },
      { label: vscode.l10n.t('Calls to {0}', number), direction: 'to' as const },
    ],
    { title: vscode.l10n.t('Telnyx: Show Call Events by number'), ignoreFocusOut: true },
  );
  if (!direction) return undefined;

  const picked = await pickTimeWindow();
  if (!picked) return undefined;
  return {
    title:
      direction.direction === 'from'
        ? vscode.l10n.t('Events from {0} ({1})', number, picked.label)
        : vscode.l10n.t('Events to {0} ({1})', number, picked.label),
    // Telnyx accepts one occurred_at bound: the start goes to the server, the end is applied here.
    filter: { [direction.direction]: number, occurredAt: { gte: picked.window.notBefore } },
    localNotAfter: picked.window.notAfter,
  };
}

function legQuery(legId: string): EventsQuery {
  return { title: vscode.l10n.t('Events of leg {0}', shortId(legId)), filter: { legId } };
}

function sessionQuery(sessionId: string): EventsQuery {
  return {
    title: vscode.l10n.t('Events of session {0}', shortId(sessionId)),
    filter: { applicationSessionId: sessionId },
  };
}

export function registerShowCallEvents(callDetails: CallDetailsOpener): vscode.Disposable {
  return vscode.commands.registerCommand(
    'telnyx.showCallEvents',
    async (args?: ShowCallEventsArgs): Promise<EventsQuery | undefined> => {
      let query: EventsQuery | undefined;
      if (args?.legId && !checkUuid(args.legId)) query = legQuery(args.legId.trim().toLowerCase());
      else if (args?.sessionId && !checkUuid(args.sessionId)) query = sessionQuery(args.sessionId.trim().toLowerCase());
      else {
        const ways: Array<vscode.QuickPickItem & { way: Way }> = [
          {
            way: 'leg',
            label: vscode.l10n.t('By call_leg_id'),
            detail: vscode.l10n.t('Every command and webhook of one call leg.'),
          },
          {
            way: 'session',
            label: vscode.l10n.t('By call_session_id'),
            detail: vscode.l10n.t('All legs of one call, such as both sides of a transfer.'),
          },
          {
            way: 'number',
            label: vscode.l10n.t('By phone number and time'),
            detail: vscode.l10n.t('Calls from or to a number, within the last 24 hours.'),
          },
        ];
        const way = await vscode.window.showQuickPick(ways, {
          title: vscode.l10n.t('Telnyx: Show Call Events'),
          ignoreFocusOut: true,
        });
        if (!way) return undefined;
        if (way.way === 'number') query = await numberQuery();
        else {
          const id = await uuidPrompt(way.way);
          if (id === undefined || checkUuid(id)) return undefined;
          query = way.way === 'leg' ? legQuery(id.trim().toLowerCase()) : sessionQuery(id.trim().toLowerCase());
        }
      }
      if (!query) return undefined;
      await callDetails.openEvents(query);
      return query;
    },
  );
}
