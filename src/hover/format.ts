// Pure helpers for how a hover renders (Markdown, command links, client_state). No `vscode` here:
// unit-tested in plain Node. Call state, durations and times come from src/core.
import { decodeClientState } from '../timeline/clientState';

/**
 * client_state is base64 set by the caller's own application. Shown decoded when it is readable
 * text; otherwise the raw value. The result is untrusted text: escape it before rendering.
 */
export function clientStateForHover(raw: string): { text: string; decoded: boolean } {
  const decoded = decodeClientState(raw);
  return decoded.kind === 'text' && decoded.text
    ? { text: decoded.text, decoded: true }
    : { text: raw, decoded: false };
}

/**
 * Escapes text for Markdown so that API data renders as the characters it holds: no links, no
 * emphasis, no HTML, no line structure.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&"':$=]/g, (c) => `\\${c}`);
}

/** A `command:` link target with JSON arguments, as VS Code expects them in Markdown. */
export function commandUri(command: string, ...args: unknown[]): string {
  return args.length ? `command:${command}?${encodeURIComponent(JSON.stringify(args))}` : `command:${command}`;
}
