import type { CallDetailsOpener, Services } from '../services/services';

// Placeholder until the call details issue lands.
export function registerCallDetails(_services: Services): CallDetailsOpener {
  return {
    openCall: async () => undefined,
    openEvents: async () => undefined,
    refreshAll: () => undefined,
  };
}
