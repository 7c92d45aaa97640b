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

// 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch.
const UUID_EPOCH_OFFSET = 0x01b21dd213814000n;

/** A time-based (version 1) UUID as Telnyx issues leg and session ids, e.g. b0e6224c-c81c-11f0-afbb-02420aef93a0. */
export function timeUuidFrom(prng: Prng, ms: number): string {
  const ticks = BigInt(Math.max(0, Math.floor(ms))) * 10_000n + BigInt(prng.int(0, 9_999)) + UUID_EPOCH_OFFSET;
  const low = (ticks & 0xffffffffn).toString(16).padStart(8, '0');
  const mid = ((ticks >> 32n) & 0xffffn).toString(16).padStart(4, '0');
  const high = (((ticks >> 48n) & 0x0fffn) | 0x1000n).toString(16).padStart(4, '0');
  const clockSeq = ((prng.int(0, 0x3fff) & 0x3fff) | 0x8000).toString(16).padStart(4, '0');
  const node = `0242${prng.bytes(4).toString('hex')}`;
  return `${low}-${mid}-${high}-${clockSeq}-${node}`;
}
