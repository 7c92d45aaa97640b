// Fault injection. Latency and slow bodies are standing conditions of a fault (until cleared) and add
// up across matching faults; counted faults (hang, drop, 429, 5xx, bad bodies) are consumed one request
// at a time, and the first matching fault with a count left decides the request's fate.
import type { FaultSpec, SimEndpoint } from './types';

export type FaultAction =
  | { kind: 'hang'; ms: number }
  | { kind: 'drop' }
  | { kind: 'forbidden' }
  | { kind: 'rateLimit'; resetSeconds: number; retryAfterSeconds: number | undefined }
  | { kind: 'serverError'; status: number; html: boolean }
  | { kind: 'truncate' }
  | { kind: 'nonJson' }
  | { kind: 'wrongShape' };

export interface FaultDecision {
  latencyMs: number;
  slowBodyMs: number;
  action: FaultAction | undefined;
}

interface Counter {
  left: number; // -1: unlimited
}

interface ActiveFault {
  spec: FaultSpec;
  hang?: Counter;
  drop?: Counter;
  forbidden?: Counter;
  rateLimit?: Counter;
  serverError?: Counter;
  truncate?: Counter;
  nonJson?: Counter;
  wrongShape?: Counter;
}

const counter = (count: number | undefined): Counter | undefined =>
  count === undefined || count === 0 ? undefined : { left: count };

function take(c: Counter | undefined): boolean {
  if (!c || c.left === 0) return false;
  if (c.left > 0) c.left--;
  return true;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({
      spec,
      hang: counter(spec.hang?.count),
      drop: counter(spec.drop?.count),
      forbidden: counter(spec.forbidden?.count),
      rateLimit: counter(spec.rateLimit?.count),
      serverError: counter(spec.serverError?.count),
      truncate: counter(spec.truncate?.count),
      nonJson: counter(spec.nonJson?.count),
      wrongShape: counter(spec.wrongShape?.count),
    });
  }

  clear(): void {
    this.faults = [];
  }

  decide(endpoint: SimEndpoint | undefined): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, slowBodyMs: 0, action: undefined };
    for (const fault of this.faults) {
      const target = fault.spec.endpoint ?? '*';
      if (target !== '*' && target !== endpoint) continue;
      decision.latencyMs += fault.spec.latencyMs ?? 0;
      decision.slowBodyMs = Math.max(decision.slowBodyMs, fault.spec.slowBodyMs ?? 0);
      if (decision.action) continue;
      const spec = fault.spec;
      if (spec.hang && take(fault.hang)) decision.action = { kind: 'hang', ms: spec.hang.ms };
      else if (take(fault.drop)) decision.action = { kind: 'drop' };
      else if (take(fault.forbidden)) decision.action = { kind: 'forbidden' };
      else if (spec.rateLimit && take(fault.rateLimit)) {
        decision.action = {
          kind: 'rateLimit',
          resetSeconds: spec.rateLimit.resetSeconds ?? 1,
          retryAfterSeconds: spec.rateLimit.retryAfterSeconds,
        };
      } else if (take(fault.serverError))
        decision.action = {
          kind: 'serverError',
          status: spec.serverError?.status ?? 500,
          html: spec.serverError?.html === true,
        };
      else if (take(fault.truncate)) decision.action = { kind: 'truncate' };
      else if (take(fault.nonJson)) decision.action = { kind: 'nonJson' };
      else if (take(fault.wrongShape)) decision.action = { kind: 'wrongShape' };
    }
    return decision;
  }
}

/** Well-formed JSON that breaks the endpoint's shape, as a misbehaving proxy or API change would. */
export function wrongShapeBody(endpoint: SimEndpoint | undefined): unknown {
  switch (endpoint) {
    case 'connections':
    case 'call_events':
      return { data: { unexpected: 'object instead of a list' }, meta: 'none' };
    case 'active_calls':
      return { data: [{ record_type: 'call', call_control_id: 42, call_duration: 'long' }], meta: { cursors: 'none' } };
    case 'connection':
    case 'call_status':
    default:
      return { data: ['not', 'an', 'object'] };
  }
}

export const HTML_ERROR_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad ' +
  'Gateway</title></head>\n<body><center><h1>502 Bad ' +
  'Gateway</h1></center><hr><center>nginx</center></body></html>\n';

/** An edge proxy's error page for a 5xx status (nginx style), as Telnyx's edge sends for 502/503. */
export function htmlErrorPage(status: number): string {
  const title =
    status === 503
      ? '503 Service Temporarily Unavailable'
      : status === 504
        ? '504 Gateway Time-out'
        : `${status} Bad Gateway`;
  return (
    `<!DOCTYPE ` +
    `html>\n<html><head><title>${title}</title></head>\n<body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`
  );
}
