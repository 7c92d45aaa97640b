// Serves the built webview assets (dist/) to a test page, as the webview's asWebviewUri would.
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
};

/** Answers `/dist/<file>` from the `dist` folder (nothing outside it); false when it did not answer. */
export function serveDistFile(dist: string, path: string, response: ServerResponse): boolean {
  if (!path.startsWith('/dist/')) return false;
  const file = normalize(join(dist, path.slice('/dist/'.length)));
  if (!file.startsWith(dist)) return false;
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch {
    return false;
  }
  response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
  response.end(body);
  return true;
}
