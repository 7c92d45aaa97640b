// What a Live tap row says about a tapped call: its state from the webhooks seen, the latest event,
// newest call first.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { TapEntry, TappedCall, TappedCommand, TappedWebhook } from '../../src/tap/model';
import { appHostOf, lastTappedEvent, newestFirst, tappedCallState } from '../../src/tree/model/tappedCalls';

let seq = 0;
function webhook(eventType: string | undefined): TappedWebhook {
  return {
    kind: 'webhook',
    seq: ++seq,
    atMs: 1_000 + seq,
    method: 'POST',
    path: '/webhooks',
    eventType,
    signature: 'valid',
    app: { status: 200, ms: 3 },
  };
}
function command(action: string): TappedCommand {
  return {
    kind: 'command',
    seq: ++seq,
    atMs: 1_000 + seq,
    method: 'POST',
    path: '/v2/calls/x',
    action,
    telnyx: { status: 200, ms: 40 },
  };
}
function call(entries: TapEntry[], extra: Partial<TappedCall> = {}): TappedCall {
  return { callControlId: `v3:${seq}`, firstAtMs: entries[0]?.atMs ?? 0, lastAtMs: 0, ended: false, entries, ...extra };
}

describe('tapped call rows', () => {
  it('reads ringing, answered and ended from the webhooks, in that order of strength', () => {
    assert.equal(tappedCallState(call([webhook('call.initiated')])), 'ringing');
    assert.equal(
      tappedCallState(call([webhook('call.initiated'), command('answer'), webhook('call.answered')])),
      'answered',
    );
    // Webhooks arrive out of order: an answered call stays answered when its initiated comes late.
    assert.equal(tappedCallState(call([webhook('call.answered'), webhook('call.initiated')])), 'answered');
    assert.equal(
      tappedCallState(call([webhook('call.initiated'), webhook('call.hangup'), webhook('call.answered')])),
      'ended',
    );
    assert.equal(tappedCallState(call([webhook('call.initiated')], { ended: true })), 'ended');
  });

  it('says unknown when no webhook named a state (only commands, or bodies that were not webhooks)', () => {
    assert.equal(tappedCallState(call([command('dial')])), 'unknown');
    assert.equal(tappedCallState(call([webhook(undefined)])), 'unknown');
  });

  it('names the latest webhook or command, skipping entries without a name', () => {
    assert.deepEqual(lastTappedEvent(call([webhook('call.answered'), command('speak')])), {
      kind: 'command',
      name: 'speak',
    });
    assert.deepEqual(lastTappedEvent(call([webhook('call.speak.ended'), webhook(undefined)])), {
      kind: 'webhook',
      name: 'call.speak.ended',
    });
    assert.equal(lastTappedEvent(call([])), undefined);
  });

  it('lists the newest call first', () => {
    const older = call([], { callControlId: 'v3:old', firstAtMs: 1 });
    const newer = call([], { callControlId: 'v3:new', firstAtMs: 2 });
    assert.deepEqual(
      newestFirst([older, newer]).map((c) => c.callControlId),
      ['v3:new', 'v3:old'],
    );
  });

  it('shows where webhooks go as host and port, or the text itself when it is not a URL', () => {
    assert.equal(appHostOf('http://localhost:3000/webhooks'), 'localhost:3000');
    assert.equal(appHostOf('https://example.test/hooks'), 'example.test');
    assert.equal(appHostOf('not a url'), 'not a url');
  });
});
