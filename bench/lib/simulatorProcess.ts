// The simulator in a process of its own, for a benchmark that times a client: Telnyx builds and
// serialises its pages on its own servers, not on the thread of the client under test. `forkSimulator`
// starts it (bench/lib/simulatorChild.ts calls `serveSimulator`); each `session` message starts a fresh
// simulator (a fresh rate-limit window) with one seeded session and the injected latency.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { type StartedSimulator, startSimulator } from '../../test/simulator/index';

interface SessionAsked {
  type: 'session';
  events: number;
  legs: number;
  latencyMs: number;
}
type Asked = SessionAsked | { type: 'report' };

export interface ServedSession {
  url: string;
  apiKey: string;
  sessionId: string;
}

export interface ServedReport {
  /** call_events requests answered since the session started. */
  requests: number;
  /** The most call_events requests in flight at the simulator at once. */
  width: number;
  /** The simulator process's CPU time since the session started. */
  cpuMs: number;
}

export interface SimulatorProcess {
  session(events: number, legs: number, latencyMs: number): Promise<ServedSession>;
  report(): Promise<ServedReport>;
  close(): Promise<void>;
}

const cpuMs = (): number => {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
};

export function serveSimulator(): void {
  let sim: StartedSimulator | undefined;
  let cpuAtStart = 0;
  const reply = (message: unknown): void => void process.send?.(message);
  process.on('message', (asked: Asked) => {
    void (async () => {
      if (asked.type === 'session') {
        await sim?.close();
        sim = await startSimulator({});
        const { sessionId } = sim.state.addSession({ count: asked.events, legs: asked.legs });
        sim.addFault({ latencyMs: asked.latencyMs });
        sim.clearRequests();
        cpuAtStart = cpuMs();
        reply({ url: sim.url, apiKey: sim.apiKey, sessionId } satisfies ServedSession);
      } else if (sim) {
        const requests = sim.requests.filter((r) => r.endpoint === 'call_events');
        reply({
          requests: requests.length,
          width: Math.max(0, ...requests.map((r) => r.inFlight ?? 0)),
          cpuMs: cpuMs() - cpuAtStart,
        } satisfies ServedReport);
      }
    })();
  });
  process.on('disconnect', () => {
    void sim?.close().finally(() => process.exit(0));
  });
}

/** Starts the simulator's process (bench/lib/simulatorChild.ts, built next to the benchmarks). */
export function forkSimulator(): SimulatorProcess {
  const child: ChildProcess = fork(join(__dirname, 'lib', 'simulatorChild.js'), [], { stdio: 'inherit' });
  const ask = <T>(asked: Asked): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the simulator's process ended (${code})`));
      child.once('exit', onExit);
      child.once('message', (answer) => {
        child.off('exit', onExit);
        resolve(answer as T);
      });
      child.send(asked);
    });
  return {
    session: (events, legs, latencyMs) => ask<ServedSession>({ type: 'session', events, legs, latencyMs }),
    report: () => ask<ServedReport>({ type: 'report' }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
