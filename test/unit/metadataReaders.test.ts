// The call doctor and the panel read webhook metadata through the same accessors: for every shape an
// account may send, they find the same payload, webhook id, time and delivery attempt.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEvent } from '../../src/doctor/read';
import { webhookDelivery, webhookPayload } from '../../src/timeline/metadata';

const payload = {
  call_control_id: 'v3:abcdefghijklmnopqrstuvwxyz',
  call_leg_id: 'b0e6224c-c81c-11f0-afbb-02420aef93a0',
  client_state: 'e30=',
};
const shapes: Record<string, unknown> = {
  envelope: {
    data: {
      record_type: 'event',
      event_type: 'call.answered',
      id: 'wh-1',
      occurred_at: '2026-06-01T12:00:00.123456Z',
      payload,
    },
    meta: { attempt: 2, delivered_to: 'https://app.example/hook' },
  },
  nested: { payload, webhook_id: 'wh-2', attempt: '3' },
  flat: { ...payload, webhook_id: 'wh-3', occurred_at: '2026-06-01T12:00:01Z', attempt: 1 },
};

for (const [name, metadata] of Object.entries(shapes)) {
  test(`${name} metadata: the doctor and the panel read the same facts`, () => {
    const doctor = readEvent('webhook', metadata);
    const panel = webhookDelivery(metadata);
    assert.deepEqual(doctor.fields, webhookPayload(metadata));
    assert.equal(doctor.fields.call_leg_id, payload.call_leg_id);
    assert.equal(doctor.webhookId, panel.webhookId);
    assert.equal(doctor.attempt, panel.attempt);
    if (panel.occurredAt) assert.equal(doctor.occurredAt, panel.occurredAt);
    if (panel.deliveredTo) assert.equal(doctor.deliveryUrl, panel.deliveredTo);
    assert.equal(doctor.clientState, 'e30=');
  });
}
