import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TelnyxCallsExtensionApi } from '../../src/extension';

function getExtension(): vscode.Extension<TelnyxCallsExtensionApi> {
  const extension = vscode.extensions.getExtension<TelnyxCallsExtensionApi>('callscope.telnyx-calls');
  assert.ok(extension, 'callscope.telnyx-calls is loaded');
  return extension;
}

async function getExtensionApi(): Promise<TelnyxCallsExtensionApi> {
  const extension = getExtension();
  return extension.isActive ? extension.exports : extension.activate();
}

interface ContributedCommand {
  command: string;
}

describe('smoke: the extension in a real VS Code', () => {
  it('runs inside VS Code 1.138 or newer', () => {
    console.log(`[smoke] VS Code ${vscode.version}, ${vscode.env.appName}, host ${vscode.env.appHost}`);
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || (major === 1 && minor >= 138), `VS Code ${vscode.version} is older than engines.vscode ^1.138.0`);
  });

  it('activates and hands its features to tests', async () => {
    const api = await getExtensionApi();
    assert.ok(getExtension().isActive, 'extension is active');
    assert.equal(typeof api.services.apiAccess.resolveKey, 'function');
    assert.equal(typeof api.callDetails.openCall, 'function');
    assert.equal(typeof api.tree.revealConnection, 'function');
  });

  it('registers "Telnyx: Show Log", and it runs', async () => {
    await getExtensionApi();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('telnyx.showLog'), 'telnyx.showLog is registered');
    await vscode.commands.executeCommand('telnyx.showLog');
  });

  it('registers every command it declares in package.json', async () => {
    await getExtensionApi();
    const declared = (getExtension().packageJSON.contributes.commands as ContributedCommand[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  it('shows its Telnyx view container with the Connections view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.telnyx');
    // `<view id>.focus` exists only for a contributed view and opens its container.
    await vscode.commands.executeCommand('telnyx.connections.focus');
  });
});
