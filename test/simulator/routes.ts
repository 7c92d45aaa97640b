// Which endpoint a path is, and the path parameters it carries.
import type { SimEndpoint } from './types';

export interface Route {
  endpoint: SimEndpoint;
  /** Path parameter, decoded (connection id or call_control_id). */
  param?: string;
  /** Set when the path segment could not be percent-decoded. */
  badEncoding?: boolean;
  /** The command of /v2/calls/{id}/actions/{command}. */
  action?: string;
  /** The segments after /_simulator/ (the simulator's control API). */
  controlPath?: string[];
}

function decodeSegment(segment: string): { value: string; bad: boolean } {
  try {
    return { value: decodeURIComponent(segment), bad: false };
  } catch {
    return { value: segment, bad: true };
  }
}

export function matchRoute(path: string): Route | undefined {
  const parts = path.split('/');
  if (parts[0] === '' && parts[1] === '_simulator') {
    return {
      endpoint: 'simulator_control',
      controlPath: parts
        .slice(2)
        .filter((part) => part !== '')
        .map((part) => decodeSegment(part).value),
    };
  }
  // ['', 'v2', ...]
  if (parts[0] !== '' || parts[1] !== 'v2') return undefined;
  const rest = parts.slice(2);
  if (rest.length > 1 && rest[rest.length - 1] === '') rest.pop(); // tolerate a trailing slash
  if (rest.length === 1 && rest[0] === 'connections') return { endpoint: 'connections' };
  if (rest.length === 1 && rest[0] === 'call_events') return { endpoint: 'call_events' };
  if (rest.length === 1 && rest[0] === 'phone_numbers') return { endpoint: 'phone_numbers' };
  if (rest.length === 1 && rest[0] === 'calls') return { endpoint: 'dial' };
  if (rest.length === 4 && rest[0] === 'calls' && rest[1] !== '' && rest[2] === 'actions' && rest[3] !== '') {
    const { value, bad } = decodeSegment(rest[1]);
    return { endpoint: 'call_action', param: value, badEncoding: bad, action: rest[3] };
  }
  if (rest.length === 2 && rest[0] === 'connections' && rest[1] !== '') {
    const { value, bad } = decodeSegment(rest[1]);
    return { endpoint: 'connection', param: value, badEncoding: bad };
  }
  if (rest.length === 3 && rest[0] === 'connections' && rest[1] !== '' && rest[2] === 'active_calls') {
    const { value, bad } = decodeSegment(rest[1]);
    return { endpoint: 'active_calls', param: value, badEncoding: bad };
  }
  if (rest.length === 2 && rest[0] === 'calls' && rest[1] !== '') {
    const { value, bad } = decodeSegment(rest[1]);
    return { endpoint: 'call_status', param: value, badEncoding: bad };
  }
  return undefined;
}
