import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';
import { registerPlaceTestCall } from './placeTestCall';

export { HangUpService } from './hangUp';

/**
 * The commands that act on calls rather than read them: Place Test Call… here; Hang Up is offered
 * where a call is shown (a tree row's menu, the call panel, its doctor's finding) through
 * `services.hangUps`.
 */
export function registerActions(
  services: Services,
  deps: { callDetails: CallDetailsOpener; tree: TreeRevealer },
): void {
  services.context.subscriptions.push(registerPlaceTestCall(services, deps));
}
