import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHAT_TOOLS } from '../../src/chat/tools';

// What package.json promises the chat must exist in the code. (That every declared command has a
// handler, and that the view and the panel serializer are registered, is checked in VS Code itself:
// test/integration/smoke.test.ts.)
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: {
    languageModelTools: Array<{
      name: string;
      toolReferenceName?: string;
      canBeReferencedInPrompt?: boolean;
      inputSchema?: unknown;
    }>;
  };
};

test('every language-model tool package.json declares is implemented, and no other', () => {
  const declared = manifest.contributes.languageModelTools.map((tool) => tool.name).sort();
  assert.deepEqual(CHAT_TOOLS.map((entry) => entry.definition.name).sort(), declared);
  // VS Code refuses a tool that can be referenced in a prompt without a reference name; reference names must differ.
  const references = manifest.contributes.languageModelTools.map((tool) => tool.toolReferenceName);
  assert.ok(
    manifest.contributes.languageModelTools.every(
      (tool) => tool.canBeReferencedInPrompt === true && !!tool.toolReferenceName,
    ),
  );
  assert.equal(new Set(references).size, references.length);
  assert.ok(
    manifest.contributes.languageModelTools.every((tool) => typeof tool.inputSchema === 'object'),
    'every tool has an input schema',
  );
});
