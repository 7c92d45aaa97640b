// The note the hover shows beside client_state: plain JSON, base64 cut short, or none for whole text.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { decodeClientState } from '../../src/timeline/clientState';
import { clientStateAs } from '../simulator/modes';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

test('plain JSON and base64 cut at a line are noted; whole text that merely starts with a bracket is not', () => {
  assert.deepEqual(decodeClientState(clientStateAs('plain', { agent: 'ana' })), {
    kind: 'text',
    text: '{"agent":"ana"}',
    note: 'plain',
  });
  const cut = decodeClientState(clientStateAs('truncated', { agent: 'bo' }));
  assert.equal(cut.kind === 'text' && cut.note, 'truncated');
  assert.deepEqual(decodeClientState(b64('[x](command:workbench.action.terminal.new)')), {
    kind: 'text',
    text: '[x](command:workbench.action.terminal.new)',
  });
  assert.deepEqual(decodeClientState(b64('{"a":1')), { kind: 'text', text: '{"a":1', note: 'truncated' });
  assert.deepEqual(decodeClientState(b64('[1, 2')), { kind: 'text', text: '[1, 2', note: 'truncated' });
});
