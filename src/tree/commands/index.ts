import type * as vscode from 'vscode';
import type { CallDetailsOpener, CallHangUps } from '../../services/services';
import type { ConnectionsTree } from '../connectionsTree';
import { registerClearConnectionFilter } from './clearConnectionFilter';
import { registerCopyCallId } from './copyCallId';
import { registerFilterConnections } from './filterConnections';
import { registerHangUpCall } from './hangUpCall';
import { registerLoadMore } from './loadMore';
import { registerRefreshConnection } from './refreshConnection';
import { registerRetry } from './retry';
import { registerRevealLiveTap } from './revealLiveTap';
import { registerShowAllConnections } from './showAllConnections';
import { registerShowEventsForCall } from './showEventsForCall';
import { registerShowOnlyConnectionsWithCalls } from './showOnlyConnectionsWithCalls';

/**
 * The commands of the Connections view: its title bar and its rows. `telnyx.refresh` is not here:
 * it refreshes the call panels too, so src/extension.ts registers it; telnyx.openCallDetails belongs
 * to the call details panel.
 */
export function registerTreeCommands(
  tree: ConnectionsTree,
  callDetails: CallDetailsOpener,
  hangUps: CallHangUps,
): vscode.Disposable[] {
  return [
    registerFilterConnections(tree),
    registerClearConnectionFilter(tree),
    registerShowOnlyConnectionsWithCalls(tree),
    registerShowAllConnections(tree),
    registerRefreshConnection(tree),
    registerLoadMore(),
    registerRetry(),
    registerCopyCallId(tree.view, 'telnyx.copyCallControlId', 'callControlId', 'call_control_id'),
    registerCopyCallId(tree.view, 'telnyx.copyCallLegId', 'legId', 'call_leg_id'),
    registerCopyCallId(tree.view, 'telnyx.copyCallSessionId', 'sessionId', 'call_session_id'),
    registerShowEventsForCall(tree.view, callDetails),
    registerHangUpCall(hangUps),
    registerRevealLiveTap(tree),
  ];
}
