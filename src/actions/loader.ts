// Place Test Call and Hang Up live in dist/actions.js, loaded the first time one of them is used, so
// activation parses none of it.
import type * as ActionsModule from './bundle';

let loaded: typeof ActionsModule | undefined;

export function loadActions(): typeof ActionsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./actions.js') as typeof ActionsModule;
  return loaded;
}
