// The API client bundles undici (~0.5 MB). It lives in dist/telnyx.js and is loaded on first use,
// so activation parses none of it.
import type * as TelnyxModule from '../telnyx/index';

let loaded: typeof TelnyxModule | undefined;

export function loadTelnyxModule(): typeof TelnyxModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./telnyx.js') as typeof TelnyxModule;
  return loaded;
}
