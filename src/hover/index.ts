import * as vscode from 'vscode';
import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';
import { CallHoverProvider } from './provider';
import type { Clock } from './ttlCache';

/** What the in-host tests may reach: the clock that decides when a cached status expires. */
export interface HoverFeature {
  useClock(clock: Clock): void;
  clearCache(): void;
}

export function registerHover(services: Services, _features: { callDetails: CallDetailsOpener; tree: TreeRevealer }): HoverFeature {
  const provider = new CallHoverProvider(services);
  services.context.subscriptions.push(
    // Every scheme: files, untitled buffers, output channels, settings, diffs. The provider reads
    // nothing unless the hovered line holds an id.
    vscode.languages.registerHoverProvider({ scheme: '*' }, provider),
    // A new key or base URL may see other calls: forget what the old one said.
    services.apiAccess.onDidChange(() => provider.statuses.clear()),
  );
  return {
    useClock: (clock) => {
      provider.statuses.clock = clock;
      provider.statuses.clear();
    },
    clearCache: () => provider.statuses.clear(),
  };
}
