// The code features (event names, handler lenses, the key check) live in dist/code.js, loaded when a
// file of one of their languages is first opened, so activation parses none of it.
import type * as CodeModule from './code/features';

let loaded: typeof CodeModule | undefined;

export function loadCodeModule(): typeof CodeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./code.js') as typeof CodeModule;
  return loaded;
}
