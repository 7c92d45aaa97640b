// What the application does on each webhook: answer an incoming call, greet the caller, ask for a
// digit, say which digit was pressed, hang up. Each step names itself in `client_state`, which
// Telnyx sends back on the webhooks that follow the command, so the next step needs no memory here.

const VOICE = { voice: 'female', language: 'en-US' };
const GREETING = 'Hello! This is the Telnyx Call Control sample application.';
const QUESTION = 'Please press a digit on your keypad.';

const stepState = (step) => Buffer.from(step).toString('base64');
const stepOf = (clientState) => (clientState ? Buffer.from(clientState, 'base64').toString('utf8') : undefined);

/**
 * Sends the command that follows `event` (a webhook's `data`) with `actions` (the SDK's
 * `telnyx.calls.actions`). Returns the command's name, or undefined when the event needs none.
 */
export async function reactToCallEvent(event, actions) {
  const payload = event.payload ?? {};
  const callControlId = payload.call_control_id;
  // Telnyx ignores a command repeated with the same command_id on a call, so a webhook delivered
  // twice (it happens) cannot answer or hang up twice.
  const once = { command_id: event.id };

  switch (event.event_type) {
    case 'call.initiated':
      if (payload.direction !== 'incoming') return undefined;
      await actions.answer(callControlId, once);
      return 'answer';

    case 'call.answered':
      await actions.speak(callControlId, { ...once, ...VOICE, payload: GREETING, client_state: stepState('greeting') });
      return 'speak';

    case 'call.speak.ended':
      if (payload.status !== 'completed') return undefined;
      if (stepOf(payload.client_state) === 'greeting') {
        await actions.gatherUsingSpeak(callControlId, {
          ...once,
          ...VOICE,
          payload: QUESTION,
          minimum_digits: 1,
          maximum_digits: 1,
          valid_digits: '0123456789',
          client_state: stepState('question'),
        });
        return 'gather_using_speak';
      }
      if (stepOf(payload.client_state) === 'goodbye') {
        await actions.hangup(callControlId, once);
        return 'hangup';
      }
      return undefined;

    case 'call.gather.ended': {
      if (payload.status === 'call_hangup') return undefined;
      const answer =
        payload.status === 'valid' && payload.digits
          ? `You pressed ${[...payload.digits].join(' ')}. Goodbye!`
          : 'I did not get a digit. Goodbye!';
      await actions.speak(callControlId, { ...once, ...VOICE, payload: answer, client_state: stepState('goodbye') });
      return 'speak';
    }

    default:
      // call.hangup, call.speak.started and every event this application does not use.
      return undefined;
  }
}
