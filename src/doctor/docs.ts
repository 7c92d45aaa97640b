// Telnyx developer documentation pages the findings link to.
const BASE = 'https://developers.telnyx.com';

export const DOCS = {
  receivingWebhooks: `${BASE}/docs/voice/programmable-voice/receiving-webhooks`,
  sendingCommands: `${BASE}/docs/voice/programmable-voice/sending-commands`,
  answerCall: `${BASE}/api-reference/call-commands/answer-call`,
  hangupCall: `${BASE}/api-reference/call-commands/hangup-call`,
  hangupWebhook: `${BASE}/api-reference/callbacks/call-hangup`,
  apiErrors: `${BASE}/development/api-fundamentals/api-errors`,
  commandsAndResources: `${BASE}/docs/voice/programmable-voice/voice-api-commands-and-resources`,
} as const;
