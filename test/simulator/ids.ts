// Id shapes as Telnyx issues them: numeric connection ids, UUID legs and sessions,
// `v3:` + base64url call control ids (about 54 characters).
import type { Prng } from './prng';

export function uuidFrom(prng: Prng): string {
  const b = prng.bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function callControlIdFrom(prng: Prng): string {
  return `v3:${prng.bytes(38).toString('base64url')}`;
}

export function connectionIdFrom(prng: Prng): string {
  let digits = String(prng.int(1, 9));
  for (let i = 0; i < 18; i++) digits += String(prng.int(0, 9));
  return digits;
}

/** The shape Telnyx accepts as a call_control_id; anything else is 422 / 90015. */
export const CALL_CONTROL_ID_SHAPE = /^v[23]:[A-Za-z0-9_=-]{20,}$/;

export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
