// Entry of dist/telnyx.js, loaded lazily by src/telnyxLoader.ts.
import type { TelnyxApi, TelnyxClientOptions } from './api';
import { TelnyxError } from './errors';

export * from './types';
export * from './errors';
export * from './baseUrl';
export type { TelnyxApi, TelnyxClientOptions } from './api';

export function createTelnyxClient(_options: TelnyxClientOptions): TelnyxApi {
  throw new TelnyxError({ kind: 'config', message: 'The Telnyx client is not built yet.' });
}
