import type { Clock } from '../calls/ttlCache';
import * as vscode from 'vscode';
import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';
import { CallHoverProvider } from './provider';

/** What the in-host tests may reach: the clock that decides when a kept status expires. */
export interface HoverFeature {
  useClock(clock: Clock): void;
  clearCache(): void;
}

export function registerHover(services: Services, _features: { callDetails: CallDetailsOpener; tree: TreeRevealer }): HoverFeature {
  // Every scheme: files, untitled buffers, output channels, settings, diffs. The provider reads
  // nothing unless the hovered line holds an id.
  // A new key or base URL is the call directory's business (src/calls/account.ts).
  services.context.subscriptions.push(vscode.languages.registerHoverProvider({ scheme: '*' }, new CallHoverProvider(services)));
  return {
    useClock: (clock) => {
      services.calls.clock = clock;
    },
    clearCache: () => services.calls.clearStatuses(),
  };
}
