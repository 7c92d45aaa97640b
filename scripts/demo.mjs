#!/usr/bin/env node
// `npm run demo`: the extension against the bundled simulator in live, realistic mode (duplicates, late events,
// webhook envelopes, v1 ids…), in a real VS Code. Builds, starts the simulator and a VS Code server (the extension
// pointed at the simulator the way a user would: `telnyx.apiBaseUrl` in user settings, the key in TELNYX_API_KEY),
// prints the URL to open, and stops everything on Ctrl-C.
//   npm run demo [-- --port <workbench port>] [--sim-port <port>]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setup } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { port: { type: 'string' }, 'sim-port': { type: 'string' } } });

await setup().catch((error) => {
  console.error(`[setup] ${error.message}`);
  process.exit(1);
});
// Loaded after set-up: they need the npm dependencies it installs.
const { freePort, killGroup, run, spawnGroup } = await import('./lib/proc.mjs');
const { startVsCodeServer, workbenchUrl } = await import('./lib/server.mjs');

console.log('Building…');
if ((await run(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root })) !== 0) process.exit(1);

const simPort = args['sim-port'] ? Number(args['sim-port']) : await freePort();
const sim = spawnGroup(
  process.execPath,
  [join(root, 'out/simulator/cli.js'), '--live', '--realistic', '--port', String(simPort)],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const simInfo = await new Promise((resolveInfo, reject) => {
  let text = '';
  sim.on('exit', (code) => reject(new Error(`The simulator exited (code ${code}):\n${text}`)));
  sim.stdout.on('data', (chunk) => {
    text += chunk;
    const url = text.match(/listening on (http:\/\/\S+)/)?.[1];
    const key = text.match(/API key: (\S+)/)?.[1];
    const main = text.match(/Main connection: (\S+)/)?.[1];
    if (url && key && main) resolveInfo({ url, key, main });
  });
}).catch(async (error) => {
  console.error(error.message);
  await killGroup(sim);
  process.exit(1);
});

let server;
const shutdown = async (code) => {
  console.log('\nStopping the VS Code server and the simulator…');
  await server?.stop();
  await killGroup(sim);
  process.exit(code);
};
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  server = await startVsCodeServer({
    port: args.port ? Number(args.port) : undefined,
    userSettings: { 'telnyx.apiBaseUrl': simInfo.url, 'workbench.colorTheme': 'Default Dark Modern' },
    env: { TELNYX_API_KEY: simInfo.key, TELNYX_API_BASE_URL: undefined },
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
VS Code server log:      ${server.logFile}

Open this URL in a browser on this machine (forward port ${server.authority.split(':')[1]} if you are remote):

  ${workbenchUrl(server, { folder: demoFolder, extensionDevelopmentPath: root })}

Then click the Telnyx Calls item (phone icon) in the activity bar. Open webhooks.log and hover the
call_control_id. Press Ctrl-C here to stop everything.`);
