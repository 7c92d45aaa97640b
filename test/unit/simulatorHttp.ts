// Real HTTP to the simulator for its own tests (undici, one Agent per test file, closed at the end).
import { Agent, request } from 'undici';
import type { Simulator } from '../simulator/index';

export interface Answer<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body, typed as the test expects it (undefined when the body is not JSON). */
  json: T;
}

export interface ErrorBody {
  errors: Array<{ code: string; title: string; detail?: string; source?: { pointer?: string; parameter?: string } }>;
}

export interface SimHttp {
  get<T = ErrorBody>(sim: Simulator, path: string, options?: GetOptions): Promise<Answer<T>>;
  /** POST (or another method) with a JSON body; a string body is sent as is. */
  send<T = ErrorBody>(
    sim: Simulator,
    method: string,
    path: string,
    body?: unknown,
    options?: GetOptions,
  ): Promise<Answer<T>>;
  close(): Promise<void>;
}

export function createHttp(): SimHttp {
  const agent = new Agent({ keepAliveTimeout: 1000 });
  return {
    async get<T>(sim: Simulator, path: string, options: GetOptions = {}): Promise<Answer<T>> {
      const headers: Record<string, string> = {};
      const key = options.key === undefined ? sim.apiKey : options.key;
      if (key !== null) headers.authorization = `Bearer ${key}`;
      const base = path.startsWith('/_simulator/') ? sim.url.replace(/\/v2$/, '') : sim.url;
      const res = await request(`${base}${path}`, {
        method: 'GET',
        headers,
        dispatcher: agent,
        signal: options.signal,
      });
      const text = await res.body.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, headers: res.headers, text, json: json as T };
    },
    async send<T>(
      sim: Simulator,
      method: string,
      path: string,
      body?: unknown,
      options: GetOptions = {},
    ): Promise<Answer<T>> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const key = options.key === undefined ? sim.apiKey : options.key;
      if (key !== null) headers.authorization = `Bearer ${key}`;
      const base = path.startsWith('/_simulator/') ? sim.url.replace(/\/v2$/, '') : sim.url;
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const res = await request(`${base}${path}`, {
        method: method as 'POST',
        headers,
        body: payload,
        dispatcher: agent,
        signal: options.signal,
      });
      const text = await res.body.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, headers: res.headers, text, json: json as T };
    },
    close: () => agent.close(),
  };
}

export interface GetOptions {
  /** Bearer key; null sends no Authorization header; default the simulator's key. */
  key?: string | null;
  signal?: AbortSignal;
}

export const cc = (id: string): string => encodeURIComponent(id);
