// Entry of dist/features.js: everything the extension does beyond what VS Code must know at startup.
// src/extension.ts requires it (through src/featuresLoader.ts) on the first command, the first rows
// of the Connections view, the first hover on an id, the first restored call details panel, or the
// first use of a language-model tool by the chat.
import { registerCallDetails, type CallDetailsFeature } from './callDetails';
import { registerChatTools } from './chat';
import { registerCommands } from './commands';
import { registerHover, type HoverFeature } from './hover';
import { registered, setFeatureHost, type FeatureHost } from './services/registrations';
import type { Services, TreeRevealer } from './services/services';
import { registerConnectionsTree } from './tree';

export { registered };

export interface Features {
  callDetails: CallDetailsFeature;
  tree: TreeRevealer;
  hover: HoverFeature;
}

export function activateFeatures(services: Services, host: FeatureHost): Features {
  setFeatureHost(host);
  const callDetails = registerCallDetails(services);
  const tree = registerConnectionsTree(services, callDetails);
  registerCommands(services, { callDetails, tree });
  const hover = registerHover(services, { callDetails, tree });
  registerChatTools(services);
  return { callDetails, tree, hover };
}
