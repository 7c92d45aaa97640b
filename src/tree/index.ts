import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';
import { registerTreeCommands } from './commands';
import { ConnectionsTree } from './connectionsTree';

export type { ConnectionsTree } from './connectionsTree';

/**
 * The Connections view and its commands. Nothing is read from Telnyx here: the first request goes
 * out when VS Code asks for the view's rows.
 */
export function registerConnectionsTree(services: Services, callDetails: CallDetailsOpener): TreeRevealer {
  const tree = new ConnectionsTree(services, callDetails);
  services.context.subscriptions.push(tree, ...registerTreeCommands(tree));
  return tree;
}
