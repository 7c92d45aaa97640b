// The ladder's "Save as SVG" inside VS Code: the page builds the SVG from what it drew, the panel
// writes the file. Started by `Telnyx: Save Call Ladder as SVG…`, which asks the active panel's page,
// as its button does; given a file (as automation or a keybinding may), it saves there without a dialog.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { useSimulator, waitFor } from './helpers';
import { ladderArrowsOf, report, useCallPanels, viewOf } from './panelHelpers';

describe('ladder export', function () {
  this.timeout(60_000);
  const env = useSimulator({ seed: 11 });
  const { openCall } = useCallPanels(env);

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

    // The command saves the active panel's ladder, as from the palette with that panel in front.
    await waitFor(() => panel.active, 10_000, 'the call panel in front');
    await vscode.commands.executeCommand('telnyx.saveCallLadder', target);
    const svg = await waitFor(
      () => (existsSync(target.fsPath) ? readFileSync(target.fsPath, 'utf8') : undefined),
      15_000,
      'the saved SVG file',
    );
    await waitFor(
      () => /^Saved the ladder to .*ladder\.svg\.$/.test(viewOf(panel).notice ?? ''),
      10_000,
      'the panel to say where it saved',
    );

    assert.match(
      svg,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /,
      'an SVG document',
    );
    assert.match(svg, /<\/svg>\n$/, 'complete');
    assert.ok(!/<script|href=/i.test(svg), 'self-contained: no scripts, no links');
    assert.ok(svg.includes('>Your application</text>'), "the application's lifeline");
    for (const leg of legs) assert.ok(svg.includes(`>${leg.slice(0, 8)}</text>`), `the lifeline of leg ${leg}`);
    const titles = [...svg.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.equal(titles.length, arrowCount, 'one arrow per arrow the page drew');
    assert.ok(
      titles.some((t) => t.startsWith(command.name)),
      `the command ${command.name} is an arrow`,
    );
    for (const name of new Set(events.map((e) => e.name)))
      assert.ok(
        titles.some((t) => t.startsWith(name)),
        `an arrow for ${name}`,
      );
    assert.ok(!svg.includes(env.sim.apiKey));
  });

  it('a ladder that cannot be written is told in the panel', async () => {
    const panel = await openCall(env.sim.seed.recentlyEndedCallControlId);
    await report(panel, (r) => r.eventCount > 0, 'the timeline');
    // Under a file, not a folder: the write fails. The path is a keybinding's argument (JSON, no Uri).
    const file = join(mkdtempSync(join(tmpdir(), 'telnyx-ladder-')), 'not-a-folder');
    writeFileSync(file, '');
    await waitFor(() => panel.active, 10_000, 'the call panel in front');
    await vscode.commands.executeCommand('telnyx.saveCallLadder', join(file, 'ladder.svg'));
    await waitFor(
      () => /^Could not write .*ladder\.svg/.test(viewOf(panel).notice ?? ''),
      15_000,
      'the panel to say the ladder could not be written',
    );
  });
});
