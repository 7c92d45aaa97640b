// The ladder's "Save as SVG" inside VS Code: the page builds the SVG from what it drew, the panel
// offers a save dialog (answered by the test hook, as for the JSON export) and writes the file.
// Started by `Telnyx: Save Call Ladder as SVG…`, which asks the active panel's page, as its button does.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CallDetailsFeature } from '../../src/callDetails';
import type { CallDetailsPanel } from '../../src/callDetails/panel';
import { useSimulator, waitFor } from './helpers';
import { closeAllPanels, ladderArrowsOf, report } from './panelHelpers';

describe('ladder export', function () {
  this.timeout(60_000);
  const env = useSimulator({ seed: 11 });
  let feature: CallDetailsFeature;

  before(() => {
    feature = env.api.callDetails as CallDetailsFeature;
    assert.ok(feature.testHooks, 'registerCallDetails returns its test hooks');
  });

  afterEach(async () => {
    feature.testHooks.setSaveDialog(undefined);
    await closeAllPanels();
  });

  async function openCall(callControlId: string): Promise<CallDetailsPanel> {
    await env.api.callDetails.openCall(callControlId);
    return waitFor(() => feature.testHooks.panelForCall(callControlId), 10_000, 'the panel of the call');
  }

  it('saves the ladder of a multi-leg call as an SVG file with its lifelines and one arrow per event', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const status = env.sim.state.callStatus(id);
    assert.ok(status);
    const events = env.sim.state.events({ sessionId: status.call_session_id });
    const legs = [...new Set(events.map((e) => e.call_leg_id))];
    assert.ok(legs.length >= 2, 'the seeded live call is in a session with two or more legs');
    const command = events.find((e) => e.type === 'command');
    assert.ok(command, 'the session holds a command');

    const panel = await openCall(id);
    await report(panel, (r) => r.eventCount === events.length, 'the whole session');
    const arrowCount = ladderArrowsOf(panel);
    assert.ok(arrowCount > 0);
    const folder = mkdtempSync(join(tmpdir(), 'telnyx-ladder-'));
    const target = vscode.Uri.file(join(folder, 'ladder.svg'));
    let offered: vscode.SaveDialogOptions | undefined;
    feature.testHooks.setSaveDialog(async (options) => {
      offered = options;
      return target;
    });

    panel.webviewPanel.reveal(undefined, false);
    // The command saves the active panel's ladder, as from the palette with that panel in front.
    await waitFor(() => panel.webviewPanel.active, 10_000, 'the call panel in front');
    await vscode.commands.executeCommand('telnyx.saveCallLadder');
    const svg = await waitFor(() => (existsSync(target.fsPath) ? readFileSync(target.fsPath, 'utf8') : undefined), 15_000, 'the saved SVG file');
    assert.deepEqual(offered?.filters, { SVG: ['svg'] });
    assert.match(offered?.defaultUri?.path ?? '', /-ladder\.svg$/);

    assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /, 'an SVG document');
    assert.match(svg, /<\/svg>\n$/, 'complete');
    assert.ok(!/<script|href=/i.test(svg), 'self-contained: no scripts, no links');
    assert.ok(svg.includes('>Your application</text>'), "the application's lifeline");
    for (const leg of legs) assert.ok(svg.includes(`>${leg.slice(0, 8)}</text>`), `the lifeline of leg ${leg}`);
    const titles = [...svg.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.equal(titles.length, arrowCount, 'one arrow per arrow the page drew');
    assert.ok(titles.some((t) => t.startsWith(command.name)), `the command ${command.name} is an arrow`);
    for (const name of new Set(events.map((e) => e.name))) assert.ok(titles.some((t) => t.startsWith(name)), `an arrow for ${name}`);
    assert.ok(!svg.includes(env.sim.apiKey));
  });
});
