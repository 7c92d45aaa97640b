// The README's troubleshooting table says what the UI says: it is made from the same words.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  currentTroubleshootingTable,
  renderTroubleshootingTable,
  TROUBLESHOOTING_END,
  TROUBLESHOOTING_START,
} from '../../src/text/troubleshooting';

const readmePath = join(__dirname, '..', '..', 'README.md');

test("the README's troubleshooting table is the one made from the UI's words", () => {
  const readme = readFileSync(readmePath, 'utf8');
  const expected = renderTroubleshootingTable();
  // UPDATE_README=1 rewrites the table in place (after a change of wording).
  if (process.env.UPDATE_README === '1') {
    const start = readme.indexOf(TROUBLESHOOTING_START);
    const end = readme.indexOf(TROUBLESHOOTING_END);
    assert.ok(start >= 0 && end > start, 'README.md has the troubleshooting markers');
    writeFileSync(
      readmePath,
      `${readme.slice(0, start + TROUBLESHOOTING_START.length)}\n${expected}\n${readme.slice(end)}`,
    );
    return;
  }
  const shown = currentTroubleshootingTable(readme);
  assert.ok(shown, 'README.md has the troubleshooting table between its markers');
  assert.equal(
    shown,
    expected,
    'run `UPDATE_README=1 node --test out/unit/troubleshooting.test.js` after changing src/text/failure.ts',
  );
});

test('the table rows for 5xx, 403 and 404 on a call carry the words the UI shows', () => {
  const table = renderTroubleshootingTable();
  assert.match(
    table,
    /\| 5xx, or an HTML error page \| "Telnyx had a server error\." \| It is on Telnyx's side and was retried; retry later\. \|/,
  );
  assert.match(table, /\| 10010 \(403\) \| "This API key may not read this\." \|/);
  assert.match(
    table,
    /\| 10005 \(404\), 90015 \/ 90018 \(422\) on a call \| "Telnyx no longer has a status for this call\." \| Check the id: Telnyx keeps a call's status only about 10 minutes/,
  );
});
