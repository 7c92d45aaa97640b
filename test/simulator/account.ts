// The account's data and its indexes. Everything that changes state goes through here, so the
// HTTP handlers, the live mode and the test-facing `state` see one consistent picture.
import { callControlIdFrom, timeUuidFrom, uuidFrom } from './ids';
import type { DeliveryInfo, SimCall, SimConnection, SimEvent } from './model';
import { STATUS_RETENTION_MS } from './model';
import { defaultModes, DUPLICATE_CHANCE, LATE_BY_MS, LATE_CHANCE, type SimModes } from './modes';
import type { Prng } from './prng';
import type { SimClock } from './types';

export interface NewCall {
  connectionId: string;
  startMs: number;
  sessionId?: string;
  callControlId?: string;
  legId?: string;
  clientState?: string;
  from?: string;
  to?: string;
  direction?: 'incoming' | 'outgoing';
  ringing?: boolean;
}

export interface NewEvent {
  name: string;
  type: 'command' | 'webhook';
  /** Microseconds; default: now, strictly after every event so far. */
  us?: number;
  extra?: Record<string, unknown>;
  callState?: string;
  delivery?: Partial<DeliveryInfo> & { status?: 'delivered' | 'failed' };
  commandResult?: string;
  customMetadata?: Record<string, unknown>;
  /** Recorded now but stamped this many ms earlier (an out-of-order, late event). */
  lateByMs?: number;
  /** Delivered this many times (webhooks): one record per delivery, same id, attempt 1…n. */
  attempts?: number;
  /** Record exactly this event, whatever the modes say (seeding, exact-size sessions). */
  exact?: boolean;
}

function insertSorted(list: SimEvent[], event: SimEvent): void {
  // Events are almost always appended at the end; fall back to a binary search for back-dated ones.
  const last = list[list.length - 1];
  if (!last || compareEvents(last, event) < 0) {
    list.push(event);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEvents(list[mid], event) < 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, event);
}

export function compareEvents(a: SimEvent, b: SimEvent): number {
  return a.us - b.us || a.seq - b.seq;
}

export class Account {
  readonly connections: SimConnection[] = [];
  private readonly connectionsById = new Map<string, SimConnection>();
  private readonly callsById = new Map<string, SimCall>();
  private readonly aliveByConnection = new Map<string, SimCall[]>();
  readonly events: SimEvent[] = [];
  private readonly eventsByLeg = new Map<string, SimEvent[]>();
  private readonly eventsBySession = new Map<string, SimEvent[]>();
  private nextCallSeq = 1;
  private nextEventSeq = 1;
  private lastNowUs = 0;
  /** Behaviours of the real API the simulator imitates; read by handlers, serializers and live mode. */
  modes: SimModes = defaultModes();

  constructor(
    readonly prng: Prng,
    readonly clock: SimClock,
  ) {}

  addConnection(connection: SimConnection): void {
    this.connections.push(connection);
    this.connectionsById.set(connection.id, connection);
  }

  connection(id: string): SimConnection | undefined {
    return this.connectionsById.get(id);
  }

  /** Whether Telnyx lists active calls for this connection (else 422 / 10015). */
  hasActiveCalls(connection: SimConnection): boolean {
    if (connection.kind === 'call_control_application' || connection.kind === 'texml_application') return true;
    return connection.webhookUrl !== null || !!connection.xmlRequestUrl;
  }

  call(callControlId: string): SimCall | undefined {
    return this.callsById.get(callControlId);
  }

  /** A call whose status can still be read (alive, ringing, or ended under 10 minutes ago). */
  callWithStatus(callControlId: string): SimCall | undefined {
    const call = this.callsById.get(callControlId);
    if (!call) return undefined;
    if (call.endMs !== undefined && this.clock.now() - call.endMs > STATUS_RETENTION_MS) return undefined;
    return call;
  }

  /** Alive calls of a connection in start order (the order cursors rely on). */
  aliveCalls(connectionId: string): readonly SimCall[] {
    return this.aliveByConnection.get(connectionId) ?? [];
  }

  createCall(spec: NewCall): SimCall {
    const call: SimCall = {
      seq: this.nextCallSeq++,
      callControlId: spec.callControlId ?? callControlIdFrom(this.prng),
      legId: spec.legId ?? this.newUuid(spec.startMs),
      sessionId: spec.sessionId ?? this.newUuid(spec.startMs),
      connectionId: spec.connectionId,
      clientState: spec.clientState ?? '',
      from: spec.from ?? randomNumber(this.prng),
      to: spec.to ?? randomNumber(this.prng),
      direction: spec.direction ?? 'incoming',
      startMs: spec.startMs,
      answeredMs: undefined,
      endMs: undefined,
      hangupCause: undefined,
      ringing: spec.ringing ?? false,
      bridgedWith: undefined,
      parkAfterUnbridge: false,
      webhookUrl: undefined,
      webhookUrlMethod: undefined,
    };
    this.callsById.set(call.callControlId, call);
    let alive = this.aliveByConnection.get(call.connectionId);
    if (!alive) {
      alive = [];
      this.aliveByConnection.set(call.connectionId, alive);
    }
    alive.push(call); // seq only grows, so the list stays in start order
    return call;
  }

  private newUuid(ms: number): string {
    return this.modes.v1Ids ? timeUuidFrom(this.prng, ms) : uuidFrom(this.prng);
  }

  answerCall(call: SimCall, atMs: number): void {
    call.ringing = false;
    call.answeredMs = atMs;
  }

  endCall(call: SimCall, atMs: number, cause: string): void {
    if (call.endMs !== undefined) return;
    call.endMs = atMs;
    call.hangupCause = cause;
    call.ringing = false;
    const alive = this.aliveByConnection.get(call.connectionId);
    if (alive) {
      const index = alive.indexOf(call);
      if (index >= 0) alive.splice(index, 1);
    }
  }

  /** Now in microseconds, strictly after every event recorded so far, so live events stay ordered. */
  nowUs(): number {
    const latest = this.events.length ? this.events[this.events.length - 1].us : 0;
    const candidate = this.clock.now() * 1000 + this.prng.int(0, 999);
    const us = Math.max(candidate, latest + 1, this.lastNowUs + 1);
    this.lastNowUs = us;
    return us;
  }

  /**
   * Records an event; in duplicate/late modes (or when the spec asks) a webhook may be recorded
   * late or once per delivery attempt. Returns the first record.
   */
  addEvent(call: SimCall, spec: NewEvent): SimEvent {
    const modes = this.modes;
    let lateByMs = spec.lateByMs ?? 0;
    let attempts = spec.attempts ?? 1;
    if (!spec.exact && spec.type === 'webhook') {
      if (spec.lateByMs === undefined && modes.lateEvents && this.prng.chance(LATE_CHANCE)) lateByMs = LATE_BY_MS;
      if (spec.attempts === undefined && modes.duplicateDeliveries && this.prng.chance(DUPLICATE_CHANCE)) attempts = 2;
    }
    const us = lateByMs > 0 ? (spec.us ?? this.nowUs()) - lateByMs * 1000 : spec.us;
    const webhookId = spec.type === 'webhook' ? uuidFrom(this.prng) : undefined;
    const first = this.recordEvent(call, { ...spec, us }, webhookId, spec.delivery?.attempt ?? 1);
    for (let attempt = 2; attempt <= attempts; attempt++)
      this.recordEvent(call, { ...spec, us: first.us }, webhookId, attempt);
    return first;
  }

  /** The id of a webhook (`data.id`), shared by all its deliveries. */
  newWebhookId(): string {
    return uuidFrom(this.prng);
  }

  /**
   * Records one delivery attempt of a webhook that Call Control sent for real: exactly as given
   * (its timestamp is when the event happened, whenever the attempt ended).
   */
  recordDelivery(call: SimCall, spec: NewEvent & { us: number }, webhookId: string, attempt: number): SimEvent {
    return this.recordEvent(call, spec, webhookId, attempt);
  }

  private recordEvent(call: SimCall, spec: NewEvent, webhookId: string | undefined, attempt: number): SimEvent {
    const connection = this.connectionsById.get(call.connectionId);
    let delivery: DeliveryInfo | undefined;
    if (spec.type === 'webhook') {
      const status = spec.delivery?.status ?? 'delivered';
      delivery = {
        status,
        attempt,
        responseStatus: spec.delivery?.responseStatus ?? (status === 'failed' ? 500 : 200),
        latencyMs: spec.delivery?.latencyMs ?? this.prng.int(18, 320),
        url: spec.delivery?.url ?? connection?.webhookUrl ?? 'https://example.com/webhooks',
      };
    }
    const event: SimEvent = {
      us: spec.us ?? this.nowUs(),
      seq: this.nextEventSeq++,
      call,
      name: spec.name,
      type: spec.type,
      failed: delivery?.status === 'failed',
      delivery,
      extra: spec.extra ?? {},
      callState: spec.callState ?? stateAfter(spec.name, call),
      commandResult: spec.type === 'command' ? (spec.commandResult ?? 'ok') : undefined,
      customMetadata: spec.customMetadata,
      webhookId,
    };
    insertSorted(this.events, event);
    insertSorted(indexList(this.eventsByLeg, call.legId), event);
    insertSorted(indexList(this.eventsBySession, call.sessionId), event);
    return event;
  }

  eventsOfLeg(legId: string): readonly SimEvent[] {
    return this.eventsByLeg.get(legId) ?? [];
  }

  eventsOfSession(sessionId: string): readonly SimEvent[] {
    return this.eventsBySession.get(sessionId) ?? [];
  }

  legsOfSession(sessionId: string): SimCall[] {
    const legs = new Set<SimCall>();
    for (const event of this.eventsOfSession(sessionId)) legs.add(event.call);
    for (const call of this.callsById.values()) if (call.sessionId === sessionId) legs.add(call);
    return [...legs].sort((a, b) => a.seq - b.seq);
  }
}

function indexList(map: Map<string, SimEvent[]>, key: string): SimEvent[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

/** The call state a webhook reports, from the event itself when it says so. */
export function stateAfter(name: string, call: SimCall): string {
  switch (name) {
    case 'call.initiated':
      return call.direction === 'outgoing' ? 'bridging' : 'parked';
    case 'call.answered':
      return 'answered';
    case 'call.bridged':
      return 'bridged';
    case 'call.hangup':
      return 'hangup';
    default:
      return stateOf(call);
  }
}

export function stateOf(call: SimCall): string {
  if (call.endMs !== undefined) return 'hangup';
  if (call.ringing) return 'ringing';
  if (call.answeredMs !== undefined) return 'answered';
  return 'parked';
}

const AREA_CODES = ['202', '312', '415', '512', '617', '646', '718', '919'];

export function randomNumber(prng: Prng): string {
  return `+1${prng.pick(AREA_CODES)}555${String(prng.int(0, 9999)).padStart(4, '0')}`;
}
