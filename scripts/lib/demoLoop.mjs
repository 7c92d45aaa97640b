// The demo's live loop, without VS Code: the simulator's CLI (live, realistic, its main connection's webhooks
// sent to the webhook tap's port), the sample application (examples/call-control-app, its commands sent to the
// command tap's port), each in a process group of its own, and a ringer that rings the main connection every few
// seconds while the webhook tap listens (a call rung before would find nobody to answer it). What VS Code needs
// to close the loop is returned as user settings: Telnyx: Start Live Tap… then offers the sample's address.
// Used by scripts/demo.mjs, the UI test that drives the demo (test/e2e/demo.e2e.ts) and the live ladder's
// screenshot (scripts/screenshots.ts).
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { freePort, killGroup, spawnGroup } from './proc.mjs';

/** `given`, else `preferred` when it is free (the product's defaults read best), else any free port. */
async function choosePort(given, preferred) {
  if (given) return given;
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

/** Whether something accepts connections on the port (a bare TCP connection: the tap records no request). */
function isListening(port) {
  return new Promise((resolveListening) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveListening(true);
    });
    socket.once('error', () => resolveListening(false));
  });
}

/** Resolves with the first group of each pattern once all have matched the child's stdout. */
function readStartup(child, name, patterns) {
  return new Promise((resolveInfo, reject) => {
    let text = '';
    const onExit = (code) => reject(new Error(`${name} exited (code ${code}):\n${text}`));
    child.once('exit', onExit);
    const onData = (chunk) => {
      text += chunk;
      const found = Object.fromEntries(
        Object.entries(patterns).map(([key, pattern]) => [key, text.match(pattern)?.[1]]),
      );
      if (!Object.values(found).every(Boolean)) return;
      child.off('exit', onExit);
      child.stdout.off('data', onData);
      resolveInfo(found);
    };
    child.stdout.on('data', onData);
  });
}

/** Rings the main connection (the simulator's control API) every `everyMs` while the webhook tap listens. */
function startRinger(sim, webhookPort, everyMs) {
  let lastRingAt = 0;
  let busy = false;
  const tick = async () => {
    if (busy || Date.now() - lastRingAt < everyMs) return;
    busy = true;
    try {
      if (!(await isListening(webhookPort))) return;
      const res = await globalThis.fetch(`${sim.url.replace(/\/v2$/, '')}/_simulator/ring`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ connection_id: sim.mainConnectionId }),
      });
      await res.arrayBuffer();
      if (res.ok) lastRingAt = Date.now();
    } catch {
      // The simulator is stopping: the next tick tries again, or the ringer is stopped.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), 1000);
  return () => clearInterval(timer);
}

/**
 * @param {string} root the repository (built: out/simulator/cli.js)
 * @param {object} [options]
 * @param {number} [options.simPort] default a free port
 * @param {number} [options.webhookPort] default 4750 when free
 * @param {number} [options.apiPort] default 4751 when free
 * @param {number} [options.appPort] default 3000 when free
 * @param {number} [options.ringEverySeconds] default 15
 * @param {(line: string) => void} [options.onAppLine] each line the sample app logs once started
 */
export async function startDemoLoop(root, options = {}) {
  const sampleApp = join(root, 'examples/call-control-app/server.js');
  const simPort = options.simPort ?? (await freePort());
  const webhookPort = await choosePort(options.webhookPort, 4750);
  const apiPort = await choosePort(options.apiPort, webhookPort === 4750 ? 4751 : undefined);
  const appPort = await choosePort(options.appPort, 3000);
  const ringEverySeconds = options.ringEverySeconds ?? 15;
  const children = [];
  let stopRinging = () => undefined;
  const stop = async () => {
    stopRinging();
    for (const child of children.reverse()) await killGroup(child);
  };

  try {
    // The tap's `/` is the application's URL itself.
    const sim = spawnGroup(
      process.execPath,
      [
        join(root, 'out/simulator/cli.js'),
        ...['--live', '--realistic', '--port', String(simPort)],
        ...['--webhook', `main=http://127.0.0.1:${webhookPort}/`],
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(sim);
    const simInfo = await readStartup(sim, 'The simulator', {
      url: /listening on (http:\/\/\S+)/,
      key: /API key: (\S+)/,
      mainConnectionId: /Main connection: (\S+)/,
      publicKey: /Webhook public key \(TELNYX_PUBLIC_KEY\): (\S+)/,
    });
    sim.stdout.resume();

    // The sample app as its README runs it, its commands sent through the command tap.
    const app = spawnGroup(process.execPath, [sampleApp], {
      cwd: dirname(sampleApp),
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
    const { appUrl } = await readStartup(app, 'The sample app', {
      appUrl: /Listening for Telnyx webhooks on (http:\/\/\S+)/,
    });
    for (const stream of [app.stdout, app.stderr]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) options.onAppLine?.(line);
      });
    }
    stopRinging = startRinger(simInfo, webhookPort, ringEverySeconds * 1000);

    return {
      sim: { ...simInfo, port: simPort },
      appUrl,
      webhookPort,
      apiPort,
      ringEverySeconds,
      userSettings: {
        'telnyx.apiBaseUrl': simInfo.url,
        'telnyx.tap.appUrl': appUrl,
        'telnyx.tap.webhookPort': webhookPort,
        'telnyx.tap.apiPort': apiPort,
        'telnyx.tap.publicKey': simInfo.publicKey,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
