// Every language-model tool the extension offers the chat. Each must also be in package.json
// (`contributes.languageModelTools`); a unit test checks.
import { activeCallsTool } from './activeCallsTool';
import { callStatusTool } from './callStatusTool';
import { callTimelineTool } from './callTimelineTool';
import { diagnoseCallTool } from './diagnoseCallTool';
import type { ChatToolDefinition } from './tool';

export interface ChatToolEntry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each tool checks its own input type
  definition: ChatToolDefinition<any>;
  /** Whose words a failed request is reported in: the call panel's, or the Connections view's. */
  errorWording: 'callPanel' | 'connectionsView';
}

export const CHAT_TOOLS: readonly ChatToolEntry[] = [
  { definition: callStatusTool, errorWording: 'callPanel' },
  { definition: callTimelineTool, errorWording: 'callPanel' },
  { definition: activeCallsTool, errorWording: 'connectionsView' },
  { definition: diagnoseCallTool, errorWording: 'callPanel' },
];
