// The official Telnyx Node SDK (npm `telnyx`, v7), used as a user of it would: a client with only
// `apiKey` and `baseURL` changed, and its auto-paginating iterators.
import Telnyx from 'telnyx';
import { VERSION } from 'telnyx/version';

export type SdkClient = InstanceType<typeof Telnyx>;

export function createSdkClient(baseUrl: string, apiKey: string): SdkClient {
  return new Telnyx({ apiKey, baseURL: baseUrl });
}

export function sdkVersion(): string {
  return VERSION;
}
