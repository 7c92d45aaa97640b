// Pure helpers for what a hover shows about a call. No `vscode` here: unit-tested in plain Node.
import { decodeClientState as decodeClientStateBytes } from '../timeline/clientState';
import type { CallStatus } from '../telnyx/types';

export type CallState = 'alive' | 'ringing' | 'ended';

/** `is_alive` is false while a dialled call rings, so only `end_time` says a call has ended. */
export function callState(status: Pick<CallStatus, 'is_alive' | 'end_time'>): CallState {
  if (status.end_time) return 'ended';
  return status.is_alive ? 'alive' : 'ringing';
}

/** "1 h 02 min 05 s", "3 min 07 s", "42 s". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${pad(m)} min ${pad(s)} s`;
  if (m > 0) return `${m} min ${pad(s)} s`;
  return `${s} s`;
}

/** Seconds the call has lasted: the API's figure, else from its start to its end (or to now). */
export function durationSeconds(status: Pick<CallStatus, 'call_duration' | 'start_time' | 'end_time'>, nowMs: number): number | undefined {
  if (typeof status.call_duration === 'number' && Number.isFinite(status.call_duration)) return status.call_duration;
  const start = status.start_time ? Date.parse(status.start_time) : NaN;
  if (Number.isNaN(start)) return undefined;
  const end = status.end_time ? Date.parse(status.end_time) : nowMs;
  return Number.isNaN(end) ? undefined : Math.max(0, (end - start) / 1000);
}

/** "2024-05-01 12:00:03 UTC" from an ISO timestamp (the API's own text when it does not parse). */
export function formatTimestamp(iso: string): string {
  const parsed = Date.parse(iso);
  if (Number.isNaN(parsed)) return iso;
  return `${new Date(parsed).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '')} UTC`;
}

/**
 * client_state is base64 set by the caller's own application. Shown decoded when it is readable
 * text; otherwise the raw value. The result is untrusted text: escape it before rendering.
 */
export function decodeClientState(raw: string): { text: string; decoded: boolean } {
  const decoded = decodeClientStateBytes(raw);
  return decoded.kind === 'text' && decoded.text ? { text: decoded.text, decoded: true } : { text: raw, decoded: false };
}

/**
 * Escapes text for Markdown so that API data renders as the characters it holds: no links, no
 * emphasis, no HTML, no line structure.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&"':$=]/g, (c) => `\\${c}`);
}

/** Shortens an id for titles: "428c31b6…". */
export function shortId(id: string, keep = 8): string {
  return id.length > keep + 1 ? `${id.slice(0, keep)}…` : id;
}

/**
 * A cURL command that reads the call's status, with the key left to the shell's $TELNYX_API_KEY:
 * the real key never enters the clipboard.
 */
export function curlForCallStatus(baseUrl: string, callControlId: string): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/calls/${encodeURIComponent(callControlId)}`;
  return `curl -H "Authorization: Bearer $TELNYX_API_KEY" '${url.replace(/'/g, '%27')}'`;
}

/** A `command:` link target with JSON arguments, as VS Code expects them in Markdown. */
export function commandUri(command: string, ...args: unknown[]): string {
  return args.length ? `command:${command}?${encodeURIComponent(JSON.stringify(args))}` : `command:${command}`;
}
