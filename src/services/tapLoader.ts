// The live tap bundles undici and its two listeners (dist/tap.js); it is loaded when a tap starts,
// so activation parses none of it.
import type * as TapModule from '../tap/index';

let loaded: typeof TapModule | undefined;

export function loadTapModule(): typeof TapModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./tap.js') as typeof TapModule;
  return loaded;
}
