#!/usr/bin/env node
// `npm run demo`: the extension against the bundled simulator in live, realistic mode (duplicates, late events,
// webhook envelopes, v1 ids…), in a real VS Code, with the sample Call Control application
// (examples/call-control-app) behind the live tap, the way a user runs theirs:
//   simulator ──webhooks──▶ webhook tap (VS Code) ──▶ sample app ──commands──▶ command tap (VS Code) ──▶ simulator
// Builds, starts the simulator (ringing its main connection every few seconds, its webhooks sent to the webhook
// tap's port), the sample app (TELNYX_BASE_URL at the command tap's port) and a VS Code server (the extension
// pointed at the simulator as a user would: `telnyx.apiBaseUrl` and the tap's settings in user settings, the key
// in TELNYX_API_KEY), prints the URL to open and what to click, and stops everything on Ctrl-C.
//   npm run demo [-- --port <workbench port>] [--sim-port <port>] [--app-port <port>]
//                [--webhook-port <port>] [--api-port <port>] [--ring-every <seconds>]
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setup } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE_APP = join(root, 'examples/call-control-app/server.js');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'sim-port': { type: 'string' },
    'app-port': { type: 'string' },
    'webhook-port': { type: 'string' },
    'api-port': { type: 'string' },
    'ring-every': { type: 'string', default: '15' },
  },
});
const ringEverySeconds = Number(args['ring-every']);
if (!Number.isInteger(ringEverySeconds) || ringEverySeconds < 1) {
  console.error(`--ring-every needs a whole number of seconds (at least 1), got ${args['ring-every']}`);
  process.exit(2);
}

await setup().catch((error) => {
  console.error(`[setup] ${error.message}`);
  process.exit(1);
});
// Loaded after set-up: they need the npm dependencies it installs.
const { freePort, killGroup, run, spawnGroup } = await import('./lib/proc.mjs');
const { startVsCodeServer, workbenchUrl } = await import('./lib/server.mjs');

/** A port given on the command line, else `preferred` when it is free (the product's defaults read best), else any free one. */
async function choosePort(given, preferred) {
  if (given) return Number(given);
  if (preferred && (await isFree(preferred))) return preferred;
  return freePort();
}

function isFree(port) {
  return new Promise((resolveFree) => {
    const probe = createServer();
    probe.once('error', () => resolveFree(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree(true)));
  });
}

/** Resolves with the named groups of `patterns` once each has matched the child's stdout. */
function readStartup(child, name, patterns) {
  return new Promise((resolveInfo, reject) => {
    let text = '';
    child.on('exit', (code) => reject(new Error(`${name} exited (code ${code}):\n${text}`)));
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const found = Object.fromEntries(
        Object.entries(patterns).map(([key, pattern]) => [key, text.match(pattern)?.[1]]),
      );
      if (Object.values(found).every(Boolean)) resolveInfo(found);
    });
  });
}

console.log('Building…');
if ((await run(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root })) !== 0) process.exit(1);

const simPort = args['sim-port'] ? Number(args['sim-port']) : await freePort();
const webhookPort = await choosePort(args['webhook-port'], 4750);
const apiPort = await choosePort(args['api-port'], webhookPort === 4750 ? 4751 : undefined);
const appPort = await choosePort(args['app-port'], 3000);

const children = [];
let server;
const shutdown = async (code) => {
  console.log('\nStopping the VS Code server, the sample app and the simulator…');
  await server?.stop();
  for (const child of children.reverse()) await killGroup(child);
  process.exit(code);
};
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
const fail = async (error) => {
  console.error(error.message);
  await shutdown(1);
};

// Its main connection's webhooks go to the webhook tap; the tap's `/` is the application's URL itself.
const sim = spawnGroup(
  process.execPath,
  [
    join(root, 'out/simulator/cli.js'),
    ...['--live', '--realistic', '--port', String(simPort)],
    ...['--webhook', `main=http://127.0.0.1:${webhookPort}/`, '--ring', 'main', '--every', String(ringEverySeconds)],
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
children.push(sim);
const simInfo = await readStartup(sim, 'The simulator', {
  url: /listening on (http:\/\/\S+)/,
  key: /API key: (\S+)/,
  main: /Main connection: (\S+)/,
  publicKey: /Webhook public key \(TELNYX_PUBLIC_KEY\): (\S+)/,
}).catch(fail);

// The sample app as its README runs it, with its commands sent through the command tap.
const app = spawnGroup(process.execPath, [SAMPLE_APP], {
  cwd: dirname(SAMPLE_APP),
  env: {
    PATH: process.env.PATH ?? '',
    PORT: String(appPort),
    TELNYX_BASE_URL: `http://127.0.0.1:${apiPort}/v2`,
    TELNYX_API_KEY: simInfo.key,
    TELNYX_PUBLIC_KEY: simInfo.publicKey,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
children.push(app);
const appInfo = await readStartup(app, 'The sample app', {
  url: /Listening for Telnyx webhooks on (http:\/\/\S+)/,
}).catch(fail);
const prefix = (chunk) =>
  chunk
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((line) => `[sample app] ${line}\n`)
    .join('');
app.stdout.on('data', (chunk) => process.stdout.write(prefix(chunk)));
app.stderr.on('data', (chunk) => process.stderr.write(prefix(chunk)));

try {
  server = await startVsCodeServer({
    port: args.port ? Number(args.port) : undefined,
    userSettings: {
      'telnyx.apiBaseUrl': simInfo.url,
      // Telnyx: Start Live Tap… offers this address; the ports are where the simulator and the app were pointed.
      'telnyx.tap.appUrl': appInfo.url,
      'telnyx.tap.webhookPort': webhookPort,
      'telnyx.tap.apiPort': apiPort,
      'telnyx.tap.publicKey': simInfo.publicKey,
      'workbench.colorTheme': 'Default Dark Modern',
    },
    env: { TELNYX_API_KEY: simInfo.key, TELNYX_API_BASE_URL: undefined },
  });
} catch (error) {
  await fail(error);
}

// A file to hover: a webhook log line with the call_control_id of a live call of the simulator.
const demoFolder = server.dirs.workspace;
mkdirSync(demoFolder, { recursive: true });
let hoverLine = '';
try {
  const res = await globalThis.fetch(`${simInfo.url}/connections/${encodeURIComponent(simInfo.main)}/active_calls`, {
    headers: { authorization: `Bearer ${simInfo.key}` },
  });
  const id = (await res.json()).data?.[0]?.call_control_id;
  if (id) hoverLine = `{"event_type":"call.answered","payload":{"call_control_id":"${id}"}}\n`;
} catch {
  // The file is only a convenience for trying the hover.
}
writeFileSync(join(demoFolder, 'webhooks.log'), hoverLine || '# Paste a call_control_id here and hover it.\n');

console.log(`
Telnyx simulator (live, realistic): ${simInfo.url}   demo key: ${simInfo.key}
  rings its main connection every ${ringEverySeconds} s; webhooks to the live tap at 127.0.0.1:${webhookPort}
Sample application: ${appInfo.url}   (examples/call-control-app; commands to 127.0.0.1:${apiPort}/v2)
VS Code server log:      ${server.logFile}

Open this URL in a browser on this machine (forward port ${server.authority.split(':')[1]} if you are remote):

  ${workbenchUrl(server, { folder: demoFolder, extensionDevelopmentPath: root })}

Then:
  1. Click the Telnyx Calls item (phone icon) in the activity bar.
  2. Click "Start Live Tap" (the broadcast icon in the Connections view's title bar), or press F1 and run
     "Telnyx: Start Live Tap…"; press Enter to keep ${appInfo.url}.
  3. Within ${ringEverySeconds} s a call rings: it appears under "Live tap" at the top of the view. Click it to
     watch the sample app answer, speak, gather a digit, say it and hang up, webhook by webhook.
The sample app's log follows here. Open webhooks.log and hover the call_control_id to try the hover.
Press Ctrl-C here to stop everything.`);
