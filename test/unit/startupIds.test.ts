import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHAT_TOOLS } from '../../src/chat/tools';
import { CALL_DETAILS_VIEW_TYPE, CHAT_TOOL_NAMES, COMMAND_IDS, CONNECTIONS_VIEW_ID } from '../../src/startupIds';

// The startup bundle registers these before the features load: a command declared in package.json
// but missing here would be "command not found" for the user, whatever the features register.
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    languageModelTools: Array<{ name: string; toolReferenceName?: string; canBeReferencedInPrompt?: boolean; inputSchema?: unknown }>;
  };
};

test('the startup bundle registers exactly the commands package.json declares', () => {
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...COMMAND_IDS].sort(), declared);
});

test('the startup bundle creates the declared Connections view and serializes the restored webview', () => {
  const views = Object.values(manifest.contributes.views).flat().map((v) => v.id);
  assert.ok(views.includes(CONNECTIONS_VIEW_ID), `${CONNECTIONS_VIEW_ID} is declared in contributes.views`);
  assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${CALL_DETAILS_VIEW_TYPE}`), `onWebviewPanel:${CALL_DETAILS_VIEW_TYPE} is an activation event`);
});

test('the startup bundle registers exactly the language-model tools package.json declares, and the features implement each', () => {
  const declared = manifest.contributes.languageModelTools.map((tool) => tool.name).sort();
  assert.deepEqual([...CHAT_TOOL_NAMES].sort(), declared);
  assert.deepEqual(CHAT_TOOLS.map((entry) => entry.definition.name).sort(), declared);
  // VS Code refuses a tool that can be referenced in a prompt without a reference name; reference names must differ.
  const references = manifest.contributes.languageModelTools.map((tool) => tool.toolReferenceName);
  assert.ok(manifest.contributes.languageModelTools.every((tool) => tool.canBeReferencedInPrompt === true && !!tool.toolReferenceName));
  assert.equal(new Set(references).size, references.length);
  assert.ok(manifest.contributes.languageModelTools.every((tool) => typeof tool.inputSchema === 'object'), 'every tool has an input schema');
});
