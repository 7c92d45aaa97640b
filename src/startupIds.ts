// What VS Code must be told at startup, before dist/features.js is loaded. A unit test checks these
// against package.json, so a command declared there cannot be left without a handler here.
export const COMMAND_IDS = [
  'telnyx.setApiKey',
  'telnyx.clearApiKey',
  'telnyx.refresh',
  'telnyx.showLog',
  'telnyx.lookUpCall',
  'telnyx.showCallEvents',
  'telnyx.findConnection',
  'telnyx.filterConnections',
  'telnyx.clearConnectionFilter',
  'telnyx.showOnlyConnectionsWithCalls',
  'telnyx.showAllConnections',
  'telnyx.refreshConnection',
  'telnyx.loadMore',
  'telnyx.retry',
  'telnyx.openCallDetails',
  'telnyx.copyCallControlId',
  'telnyx.copyCallLegId',
  'telnyx.copyCallSessionId',
  'telnyx.showEventsForCall',
  'telnyx.copyText',
  'telnyx.copyAsCurl',
  'telnyx.revealCall',
  'telnyx.diagnoseCall',
] as const;

/**
 * The language-model tools of package.json `contributes.languageModelTools` (src/chat/tools.ts).
 * A unit test checks both lists against each other.
 */
export const CHAT_TOOL_NAMES = ['telnyx_call_status', 'telnyx_call_timeline', 'telnyx_active_calls', 'telnyx_diagnose_call'] as const;

/** The Connections view (src/tree/connectionsTree.ts VIEW_ID). */
export const CONNECTIONS_VIEW_ID = 'telnyx.connections';
/** The call details webview (src/callDetails/panel.ts VIEW_TYPE). */
export const CALL_DETAILS_VIEW_TYPE = 'telnyx.callDetails';
