// What a Connections model is given in plain Node when there is one account: its client (or none,
// as without a key), with a fingerprint that never changes.
import type { TelnyxApi } from '../../src/telnyx/api';
import type { AccountClients } from '../../src/tree/model/accountBinding';

export function singleAccount(api: TelnyxApi | undefined): AccountClients {
  return {
    accountInUse: async () => (api ? { id: 'only' } : undefined),
    clientOf: async () => (api ? { api, fingerprint: 'only' } : undefined),
  };
}
