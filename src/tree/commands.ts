import type * as vscode from 'vscode';
import { registerCallCopyId } from '../commands/callCopyId';
import { registerCallShowEvents } from '../commands/callShowEvents';
import { registerTreeClearConnectionFilter } from '../commands/treeClearConnectionFilter';
import { registerTreeFilterConnections } from '../commands/treeFilterConnections';
import { registerTreeLoadMore } from '../commands/treeLoadMore';
import { registerTreeRefresh } from '../commands/treeRefresh';
import { registerTreeRefreshConnection } from '../commands/treeRefreshConnection';
import { registerTreeRetry } from '../commands/treeRetry';
import { registerTreeShowAllConnections } from '../commands/treeShowAllConnections';
import { registerTreeShowOnlyConnectionsWithCalls } from '../commands/treeShowOnlyConnectionsWithCalls';
import type { ConnectionsTree } from './connectionsTree';

/** Every command of the Connections view (telnyx.openCallDetails belongs to the call details panel). */
export function registerTreeCommands(tree: ConnectionsTree): vscode.Disposable[] {
  return [
    registerTreeRefresh(tree),
    registerTreeFilterConnections(tree),
    registerTreeClearConnectionFilter(tree),
    registerTreeShowOnlyConnectionsWithCalls(tree),
    registerTreeShowAllConnections(tree),
    registerTreeRefreshConnection(tree),
    registerTreeLoadMore(),
    registerTreeRetry(),
    registerCallCopyId(tree, 'telnyx.copyCallControlId', 'callControlId', 'call_control_id'),
    registerCallCopyId(tree, 'telnyx.copyCallLegId', 'callLegId', 'call_leg_id'),
    registerCallCopyId(tree, 'telnyx.copyCallSessionId', 'callSessionId', 'call_session_id'),
    registerCallShowEvents(tree),
  ];
}
