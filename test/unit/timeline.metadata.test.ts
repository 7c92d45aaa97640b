import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionIdFromEvents, webhookDelivery, webhookPayload } from '../../src/timeline';
import type { CallEvent } from '../../src/telnyx/types';

const payload = {
  call_control_id: 'v3:abcdefghijklmnopqrstuvwxyz',
  connection_id: '1684641123236054244',
  client_state: null,
};
const envelope = {
  data: {
    record_type: 'event',
    event_type: 'call.hangup',
    id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0',
    occurred_at: '2026-01-01T10:00:00.123456Z',
    payload,
  },
  meta: { attempt: 2, delivered_to: 'https://example.com/hooks' },
};

describe('webhook metadata accessor', () => {
  it('finds the payload in an envelope, under payload, or flat', () => {
    assert.deepEqual(webhookPayload(envelope), payload);
    assert.deepEqual(webhookPayload({ payload }), payload);
    assert.deepEqual(webhookPayload(payload), payload);
    assert.equal(webhookPayload('text'), undefined);
    assert.equal(webhookPayload(null), undefined);
  });

  it('reads the delivery attempt, target and webhook id from the envelope', () => {
    assert.deepEqual(webhookDelivery(envelope), {
      attempt: 2,
      deliveredTo: 'https://example.com/hooks',
      webhookId: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0',
      eventType: 'call.hangup',
      occurredAt: '2026-01-01T10:00:00.123456Z',
      recordType: 'event',
    });
    assert.deepEqual(webhookDelivery(payload), {});
    assert.deepEqual(webhookDelivery({ meta: { attempt: 'x' } }), {});
  });

  it('finds the connection of a call whose events carry the envelope', () => {
    const event: CallEvent = {
      record_type: 'call_event',
      call_leg_id: 'leg',
      call_session_id: 's',
      event_timestamp: '2026-01-01T10:00:00Z',
      name: 'call.hangup',
      type: 'webhook',
      metadata: envelope,
    };
    assert.equal(connectionIdFromEvents([event], { callControlId: payload.call_control_id }), '1684641123236054244');
  });
});
