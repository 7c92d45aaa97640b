// "Telnyx: Save Call as Fixture…" inside VS Code (issue 27 item 6): a call's panel, opened against the
// simulator, is saved as a fixture; a second server serves that file (as `--fixture FILE` does); the
// account is pointed at it and the same call opened again shows the same status, the same timeline
// rows and the same findings. The file holds no key and no phone number of the call. The command is
// given the file to write, as automation or a keybinding may give it, so no save dialog is involved.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SavedFixture } from '../../src/callDetails/saveFixtureCommand';
import type { EventRow } from '../../src/timeline/model';
import { readFixtureFile, serveFixture } from '../simulator/fixture';
import { useSimulator, waitFor } from './helpers';
import { closeAllPanels, findingsOf, report, useCallPanels, type PanelView } from './panelHelpers';

/** A row as the page shows it, phone numbers and SIP URIs aside: the fixture masks them. */
function comparable(row: EventRow): string {
  return JSON.stringify(row)
    .replace(/\bsips?:[^\s"'<>@]+@[^\s"'<>;,]+/gi, '<sip uri>')
    .replace(/\+[1-9]\d{6,14}\b/g, '<number>');
}

describe('Save Call as Fixture, served again', function () {
  this.timeout(120_000);
  const env = useSimulator({ seed: 27 });
  const { openCall } = useCallPanels(env);
  const settled = (count: number) => (r: PanelView) =>
    r.statusState === 'ended' && r.eventCount === count && r.progress.phase === 'idle' && !r.timelineError;

  it('saves the call its panel read, and the same call served from the file shows the same panel', async () => {
    const added = env.sim.state.addSession({ count: 600, legs: 2 });
    const id = added.callControlIds[0];
    const panel = await openCall(id);
    const original = await report(panel, settled(600), 'the call read from the simulator');
    const originalFindings = findingsOf(panel).titles;

    const file = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'telnyx-fixture-')), 'call.fixture.json'));
    const saved = await vscode.commands.executeCommand<SavedFixture | undefined>('telnyx.saveCallAsFixture', id, file);
    assert.ok(saved, 'saved');
    assert.deepEqual(saved.summary, { answers: 4, eventPages: 3, events: 600, hasStatus: true, notKept: 0 });
    assert.match(saved.message, /4 answers: the status and 3 pages of events \(600 events\)/);

    const text = readFileSync(file.fsPath, 'utf8');
    assert.ok(!text.includes(env.sim.apiKey), 'never the key');
    assert.doesNotMatch(text, /authorization|bearer/i, 'no Authorization header');
    const numbers = new Set(
      [...JSON.stringify(env.sim.state.events({ sessionId: added.sessionId })).matchAll(/\+1\d{10}/g)].map((m) => m[0]),
    );
    assert.ok(numbers.size > 0, 'the call has phone numbers');
    for (const number of numbers) assert.ok(!text.includes(number), `${number} is masked`);
    assert.match(text, /\+1555\d{7}/, 'masked numbers stand in for them');

    const served = await serveFixture(readFixtureFile(file.fsPath), { apiKey: env.sim.apiKey });
    const config = vscode.workspace.getConfiguration('telnyx');
    try {
      await closeAllPanels();
      await config.update('apiBaseUrl', served.url, vscode.ConfigurationTarget.Global);
      await waitFor(() => env.api.services.apiAccess.settings().baseUrl === served.url, 10_000, 'the fixture server');

      const again = await openCall(id);
      const replay = await report(again, settled(600), 'the same call served from the fixture');
      assert.equal(replay.statusError, undefined);
      assert.deepEqual(replay.status, original.status, 'the same status');
      assert.deepEqual(replay.rows.map(comparable), original.rows.map(comparable), 'the same timeline rows');
      assert.deepEqual(findingsOf(again).titles, originalFindings, 'the same findings');
      const callers = replay.rows.map((row) => row.summary.from).filter(Boolean);
      assert.ok(callers.length > 0 && callers.every((from) => /^\+1555\d{7}$/.test(String(from))), 'masked callers');
      assert.ok(
        served.requests.some((path) => decodeURIComponent(path).endsWith(`/calls/${id}`)),
        'the status came from the fixture server',
      );
    } finally {
      await closeAllPanels();
      await config.update('apiBaseUrl', env.sim.url, vscode.ConfigurationTarget.Global);
      await waitFor(() => env.api.services.apiAccess.settings().baseUrl === env.sim.url, 10_000, 'the simulator again');
      await served.close();
    }
  });

  it('says so when no call panel is open, and writes nothing', async () => {
    const file = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'telnyx-fixture-')), 'none.fixture.json'));
    const saved = await vscode.commands.executeCommand<SavedFixture | undefined>(
      'telnyx.saveCallAsFixture',
      undefined,
      file,
    );
    assert.equal(saved, undefined);
    assert.equal(existsSync(file.fsPath), false, 'no file written');
  });
});
