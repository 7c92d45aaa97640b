#!/usr/bin/env node
// `npm run demo`: the extension against the bundled simulator in live, realistic mode (duplicates, late events,
// webhook envelopes, v1 ids…), in a real VS Code, with the sample Call Control application
// (examples/call-control-app) behind the live tap, the way a user runs theirs:
//   simulator ─webhooks─▶ webhook tap (VS Code) ─▶ sample app ─commands─▶ command tap (VS Code) ─▶ simulator
// Builds, starts the loop (scripts/lib/demoLoop.mjs: the simulator, ringing its main connection while the tap
// listens, and the sample app) and a VS Code server (the extension pointed at the simulator as a user would:
// `telnyx.apiBaseUrl` and the tap's settings in user settings, the key in TELNYX_API_KEY), prints the URL to
// open and what to click, and stops everything on Ctrl-C.
//   npm run demo [-- --port <workbench port>] [--sim-port <port>] [--app-port <port>]
//                [--webhook-port <port>] [--api-port <port>] [--ring-every <seconds>] [--no-build]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setup } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'sim-port': { type: 'string' },
    'app-port': { type: 'string' },
    'webhook-port': { type: 'string' },
    'api-port': { type: 'string' },
    'ring-every': { type: 'string', default: '15' },
    'no-build': { type: 'boolean', default: false },
  },
});
const numberArg = (name, min) => {
  if (args[name] === undefined) return undefined;
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < min || value > 65535) {
    console.error(`--${name} needs a whole number from ${min}, got ${args[name]}`);
    process.exit(2);
  }
  return value;
};
const ringEverySeconds = numberArg('ring-every', 1);
const ports = {
  simPort: numberArg('sim-port', 1),
  appPort: numberArg('app-port', 1),
  webhookPort: numberArg('webhook-port', 1),
  apiPort: numberArg('api-port', 1),
};

await setup().catch((error) => {
  console.error(`[setup] ${error.message}`);
  process.exit(1);
});
// Loaded after set-up: they need the npm dependencies it installs.
const { run } = await import('./lib/proc.mjs');
const { startVsCodeServer, workbenchUrl } = await import('./lib/server.mjs');
const { startDemoLoop } = await import('./lib/demoLoop.mjs');

if (!args['no-build']) {
  console.log('Building…');
  if ((await run(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root })) !== 0) process.exit(1);
}

let loop;
let server;
const shutdown = async (code) => {
  console.log('\nStopping the VS Code server, the sample app and the simulator…');
  await server?.stop();
  await loop?.stop();
  process.exit(code);
};
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  loop = await startDemoLoop(root, {
    ...ports,
    ringEverySeconds,
    onAppLine: (line) => console.log(`[sample app] ${line}`),
  });
  server = await startVsCodeServer({
    port: args.port ? Number(args.port) : undefined,
    userSettings: { ...loop.userSettings, 'workbench.colorTheme': 'Default Dark Modern' },
    env: { TELNYX_API_KEY: loop.sim.key, TELNYX_API_BASE_URL: undefined },
  });
} catch (error) {
  console.error(error.message);
  await shutdown(1);
}

// A file to hover: a webhook log line with the call_control_id of a live call of the simulator.
const demoFolder = server.dirs.workspace;
mkdirSync(demoFolder, { recursive: true });
let hoverLine = '';
try {
  const { url, key, mainConnectionId } = loop.sim;
  const res = await globalThis.fetch(`${url}/connections/${encodeURIComponent(mainConnectionId)}/active_calls`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const id = (await res.json()).data?.[0]?.call_control_id;
  if (id) hoverLine = `{"event_type":"call.answered","payload":{"call_control_id":"${id}"}}\n`;
} catch {
  // The file is only a convenience for trying the hover.
}
writeFileSync(join(demoFolder, 'webhooks.log'), hoverLine || '# Paste a call_control_id here and hover it.\n');

console.log(`
Telnyx simulator (live, realistic): ${loop.sim.url}   demo key: ${loop.sim.key}
  its main connection's webhooks go to the live tap at 127.0.0.1:${loop.webhookPort}; once the tap listens,
  that connection rings every ${loop.ringEverySeconds} s
Sample application: ${loop.appUrl}   (examples/call-control-app; commands to 127.0.0.1:${loop.apiPort}/v2)
VS Code server log: ${server.logFile}

Open this URL in a browser on this machine (forward port ${server.authority.split(':')[1]} if you are remote):

  ${workbenchUrl(server, { folder: demoFolder, extensionDevelopmentPath: root })}

Then:
  1. Click the Telnyx Calls item (phone icon) in the activity bar.
  2. Press F1 and run "Telnyx: Start Live Tap…" (or its button in the Connections view's title bar);
     press Enter to keep ${loop.appUrl}.
  3. A call rings at once, then every ${loop.ringEverySeconds} s: each shows under "Live tap" at the top of the view.
     Click one to watch the sample app answer, speak, gather a digit, say it and hang up, webhook by webhook.
The sample app's log follows here. Open webhooks.log and hover the call_control_id to try the hover.
Press Ctrl-C here to stop everything.
`);
