// The window's live tap (services.liveTap) as a call panel reads it: the call's tapped entries as
// events, and word of each new one, so an open panel grows as the call happens (pushed, not polled).
import type { LiveTapHolder } from '../services/liveTap';
import { tappedCallsFor, tappedEvents } from './tappedEvents';
import type { TappedSource } from './session';

export function tappedSourceOf(holder: LiveTapHolder): TappedSource {
  return {
    read(target) {
      const tap = holder.current();
      if (!tap) return { events: [] };
      const own = tap.call(target.callControlId);
      return {
        events: tappedEvents(tappedCallsFor(tap.calls(), target)),
        legId: own?.callLegId,
        sessionId: own?.callSessionId,
      };
    },
    onDidRecord(listener) {
      const subscription = holder.onDidChange((change) => {
        if (change.kind !== 'recorded') return;
        const { entry, call } = change.event;
        listener({
          callControlId: call?.callControlId ?? entry.callControlId,
          sessionId: call?.callSessionId ?? entry.callSessionId,
        });
      });
      return () => subscription.dispose();
    },
  };
}
