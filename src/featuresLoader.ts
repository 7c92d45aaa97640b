// The feature code (tree, call details, commands, hover content; ~75 KB minified) lives in
// dist/features.js and is loaded on first use, so activation parses only the startup proxies.
import type * as FeaturesModule from './features';

let loaded: typeof FeaturesModule | undefined;

export function loadFeaturesModule(): typeof FeaturesModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./features.js') as typeof FeaturesModule;
  return loaded;
}
