// A Telnyx Call Control application in one small Node server: it receives the webhooks of your
// Call Control connection on /webhooks, checks that Telnyx signed them, and drives each call with
// the steps in call-flow.js. Run it with:
//   TELNYX_API_KEY=KEY… TELNYX_PUBLIC_KEY=… node server.js      (PORT, default 3000)
// The official SDK reads both, and TELNYX_BASE_URL when it is set.
import { createServer } from 'node:http';
import Telnyx from 'telnyx';
import { reactToCallEvent } from './call-flow.js';

const WEBHOOK_PATH = '/webhooks';
const MAX_BODY_BYTES = 1024 * 1024;
// Telnyx may deliver a webhook more than once; the ids of the latest ones are enough to notice.
const REMEMBERED_WEBHOOKS = 10_000;

const port = readPort(process.env.PORT ?? '3000');
for (const name of ['TELNYX_API_KEY', 'TELNYX_PUBLIC_KEY']) {
  if (!process.env[name]) {
    console.error(`${name} is not set. ${name === 'TELNYX_API_KEY' ? 'Your API key' : 'Your webhook public key'}`);
    console.error('is in the Telnyx portal (Account settings > Keys & Credentials). Nothing was started.');
    process.exit(1);
  }
}

const telnyx = new Telnyx();
const handledWebhooks = new Set();

const server = createServer((req, res) => {
  handle(req, res).catch((error) => {
    log(`could not handle a request: ${error.message}`);
    if (!res.headersSent) reply(res, 500);
  });
});

async function handle(req, res) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== WEBHOOK_PATH) return reply(res, 404);
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    log(`refused a ${req.method} request: set the connection's webhook method to POST`);
    return reply(res, 405);
  }
  const body = await readBody(req);
  if (body === undefined) {
    log(`refused a webhook of more than ${MAX_BODY_BYTES} bytes`);
    return reply(res, 413);
  }

  let webhook;
  try {
    // Checks telnyx-signature-ed25519 over `telnyx-timestamp|body` with TELNYX_PUBLIC_KEY (and that
    // the timestamp is within 5 minutes), then parses the body.
    webhook = await telnyx.webhooks.unwrap(body, { headers: req.headers });
  } catch (error) {
    if (error instanceof SyntaxError) {
      log('refused a signed webhook whose body is not JSON');
      return reply(res, 400);
    }
    log(`refused a webhook: ${error.message}`);
    return reply(res, 403);
  }

  const event = webhook?.data;
  if (!event?.event_type || !event.id) {
    log('ignored a signed request that is not a webhook event');
    return reply(res, 200);
  }
  const summary = `${event.event_type} ${shortId(event.payload?.call_control_id)} attempt ${webhook.meta?.attempt ?? 1}`;
  if (handledWebhooks.has(event.id)) {
    log(`${summary}: already handled (a repeated delivery)`);
    return reply(res, 200);
  }
  remember(event.id);
  // Answer Telnyx first: it waits for the answer, not for the command.
  reply(res, 200);
  try {
    const command = await reactToCallEvent(event, telnyx.calls.actions);
    log(`${summary}${command ? ` → ${command}` : ''}`);
  } catch (error) {
    log(`${summary} → refused by Telnyx: ${describeFailure(error)}`);
  }
}

function reply(res, status) {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `${status}`);
}

/** The raw body as text (the signature covers its exact bytes), or undefined when it is too large. */
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : undefined;
}

function remember(webhookId) {
  handledWebhooks.add(webhookId);
  if (handledWebhooks.size > REMEMBERED_WEBHOOKS) handledWebhooks.delete(handledWebhooks.values().next().value);
}

/** Telnyx's error code and title (e.g. "422 90018 Call has already ended"), never the request. */
function describeFailure(error) {
  if (error instanceof Telnyx.APIConnectionError) return `could not reach ${telnyx.baseURL} (${error.message})`;
  if (error instanceof Telnyx.APIError) {
    const first = error.error?.errors?.[0];
    return [error.status, first?.code, first?.title ?? first?.detail].filter(Boolean).join(' ');
  }
  return error.message;
}

function shortId(callControlId) {
  if (typeof callControlId !== 'string') return '(no call)';
  return callControlId.length > 20 ? `${callControlId.slice(0, 8)}…${callControlId.slice(-6)}` : callControlId;
}

function log(line) {
  console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);
}

function readPort(text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`PORT must be a port number (0 to 65535), not "${text}". Nothing was started.`);
    process.exit(1);
  }
  return value;
}

server.on('error', (error) => {
  console.error(
    error.code === 'EADDRINUSE' ? `Port ${port} is already in use: set PORT to another one.` : error.message,
  );
  process.exit(1);
});

// 127.0.0.1 only: Telnyx reaches the application through your tunnel, which connects locally.
server.listen(port, '127.0.0.1', () => {
  log(`Listening for Telnyx webhooks on http://127.0.0.1:${server.address().port}${WEBHOOK_PATH}`);
  log(`Commands go to ${telnyx.baseURL}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    // Exit once the server is closed: the SDK's idle keep-alive connections would hold Node open.
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
