import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CALL_DETAILS_VIEW_TYPE, COMMAND_IDS, CONNECTIONS_VIEW_ID } from '../../src/startupIds';

// The startup bundle registers these before the features load: a command declared in package.json
// but missing here would be "command not found" for the user, whatever the features register.
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { commands: Array<{ command: string }>; views: Record<string, Array<{ id: string }>> };
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
