// Entry of dist/telnyx.js, loaded lazily by src/services/telnyxLoader.ts.
import type { TelnyxApi, TelnyxClientOptions } from './api';
import { TelnyxClient } from './client';

export * from './types';
export * from './errors';
export * from './baseUrl';
export type { TelnyxApi, TelnyxClientOptions } from './api';

/** Throws a TelnyxError of kind 'config' when the key, base URL or proxy cannot be used. */
export function createTelnyxClient(options: TelnyxClientOptions): TelnyxApi {
  return new TelnyxClient(options);
}
