import type { CallDetailsOpener, Services } from '../services/services';
import { registerTreeCommands } from './commands';
import { ConnectionsTree } from './connectionsTree';

export type { ConnectionsTree } from './connectionsTree';

/**
 * The Connections view and its commands. Nothing is read from Telnyx here: the first request goes
 * out when VS Code asks for the view's rows. `callDetails` is what the rows' "Show Call Events" opens.
 */
export function registerConnectionsTree(services: Services, callDetails: CallDetailsOpener): ConnectionsTree {
  const tree = new ConnectionsTree(services);
  services.context.subscriptions.push(tree, ...registerTreeCommands(tree, callDetails, services.hangUps));
  return tree;
}
