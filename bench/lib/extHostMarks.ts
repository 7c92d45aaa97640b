// The extension host's own performance marks (`code/extHost/willLoadExtensionCode/<id>`,
// `didLoadExtensionCode/<id>`, `willActivateExtension/<id>`, `didActivateExtension/<id>`), read after
// startup from the running host. VS Code's "Load Code" figure for an extension starts before an
// `await` and stops after its `require`, so it also counts the code of the extensions that were
// activated in the same tick and required before it; these marks time each `require` alone.
//
// How: the host is a Node process under the server; SIGUSR1 opens Node's inspector in it (after
// startup, so startup itself is as a user has it), and one `Runtime.evaluate` over the DevTools
// protocol reads `globalThis.MonacoPerformanceMarks.getMarks()` (where VS Code keeps them). Linux only.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface Mark {
  name: string;
  startTime: number;
}

interface WsLike {
  on(event: 'open' | 'close', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer | string) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  send(data: string): void;
  close(): void;
}

/** Pids of the processes under `rootPid` (children, grandchildren, …) whose command line includes `needle`. */
function descendantsWith(rootPid: number, needle: string): number[] {
  const parent = new Map<number, number>();
  const cmdline = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces and parentheses: read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
      cmdline.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // The process ended meanwhile.
    }
  }
  const under = (pid: number) => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && p > 1 && hops < 20; p = parent.get(p), hops++)
      if (p === rootPid) return true;
    return false;
  };
  return [...cmdline].filter(([pid, cmd]) => cmd.includes(needle) && under(pid)).map(([pid]) => pid);
}

async function evaluateOverInspector(wsUrl: string, expression: string): Promise<unknown> {
  // playwright-core (a devDependency, used by the harness) carries the `ws` client; Node 20 has none.
  const { ws: WebSocket } = createRequire(__filename)('playwright-core/lib/utilsBundle') as {
    ws: new (url: string) => WsLike;
  };
  const socket = new WebSocket(wsUrl);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the inspector in 10 s')), 10_000);
      socket.on('error', reject);
      socket.on('open', () =>
        socket.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, returnByValue: true } })),
      );
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as {
          id?: number;
          result?: { result?: { value?: unknown }; exceptionDetails?: unknown };
        };
        if (message.id !== 1) return;
        clearTimeout(timer);
        if (message.result?.exceptionDetails)
          reject(new Error(`evaluation failed: ${JSON.stringify(message.result.exceptionDetails).slice(0, 300)}`));
        else resolve(message.result?.result?.value);
      });
    });
  } finally {
    socket.close();
  }
}

/** The performance marks of the extension host under the server process `serverPid`. */
export async function readExtensionHostMarks(serverPid: number): Promise<Mark[]> {
  const hosts = descendantsWith(serverPid, '--type=extensionHost');
  if (hosts.length !== 1)
    throw new Error(`expected one extension host under the server (pid ${serverPid}), found ${hosts.length}`);
  const pid = hosts[0];
  process.kill(pid, 'SIGUSR1');
  const port = 9229; // Node's default inspector port (the host is started without --inspect).
  let targets: Array<{ webSocketDebuggerUrl?: string }> = [];
  for (let attempt = 0; attempt < 50 && !targets.length; attempt++) {
    await new Promise((r) => setTimeout(r, 100));
    targets = await fetch(`http://127.0.0.1:${port}/json/list`)
      .then((r) => r.json() as Promise<typeof targets>)
      .catch(() => []);
  }
  const wsUrl = targets[0]?.webSocketDebuggerUrl;
  if (!wsUrl) throw new Error(`the extension host (pid ${pid}) opened no inspector on port ${port}`);
  const value = await evaluateOverInspector(
    wsUrl,
    'JSON.stringify({ pid: process.pid, marks: globalThis.MonacoPerformanceMarks?.getMarks() ?? null, t: globalThis.__telnyxT })',
  );
  const {
    pid: seen,
    marks,
    t,
  } = JSON.parse(String(value)) as { pid: number; marks: Mark[] | null; t?: Array<[string, number]> };
  if (t)
    console.log(
      'TELNYX-T',
      t.map(([n, v], i) => `${n} ${i ? (v - t[i - 1][1]).toFixed(2) : 0}`).join(', '),
      'total',
      (t[t.length - 1][1] - t[0][1]).toFixed(2),
    );
  if (seen !== pid)
    throw new Error(`the inspector on port ${port} belongs to pid ${seen}, not to the extension host (${pid})`);
  if (!marks) throw new Error('the extension host keeps no MonacoPerformanceMarks');
  return marks;
}

/** Per extension: how long its `require` and its activation (call to resolved) took, from the marks. */
export function extensionTimes(
  marks: Mark[],
): Map<string, { requireMs?: number; activateMs?: number; loadStart?: number }> {
  const at = new Map(marks.map((m) => [m.name, m.startTime]));
  const times = new Map<string, { requireMs?: number; activateMs?: number; loadStart?: number }>();
  for (const m of marks) {
    const id = /^code\/extHost\/willLoadExtensionCode\/(.+)$/.exec(m.name)?.[1];
    if (!id) continue;
    const didLoad = at.get(`code/extHost/didLoadExtensionCode/${id}`);
    const willActivate = at.get(`code/extHost/willActivateExtension/${id}`);
    const didActivate = at.get(`code/extHost/didActivateExtension/${id}`);
    times.set(id, {
      loadStart: m.startTime,
      requireMs: didLoad === undefined ? undefined : didLoad - m.startTime,
      activateMs: willActivate === undefined || didActivate === undefined ? undefined : didActivate - willActivate,
    });
  }
  return times;
}
