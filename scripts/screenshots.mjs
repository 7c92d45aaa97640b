#!/usr/bin/env node
// `npm run screenshots`: regenerates the README's pictures in docs/screenshots/ (1400×900 PNGs) from
// the extension under development in a real VS Code (server + Chromium), against the simulator in
// live mode. Not part of `npm test`: the pictures are looked at, not asserted.
// Builds everything, bundles scripts/screenshots.ts into out/screenshots/ (so the UI harness in
// test/e2e/harness.ts finds the repository from there) and runs it; then shrinks the PNGs with
// pngquant when it is installed (`apt-get install pngquant`).
//   npm run screenshots [-- --only tree,call-dark,call-light,hover,live-ladder]
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

await setup().catch((error) => {
  console.error(`[setup] ${error.message}`);
  process.exit(1);
});

const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run(process.execPath, [join(root, 'esbuild.mjs')]) !== 0) process.exit(1);
const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: { screenshots: join(root, 'scripts/screenshots.ts') },
  outdir: join(root, 'out/screenshots'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
process.exit(
  run(process.execPath, [
    '--enable-source-maps',
    join(root, 'out/screenshots/screenshots.js'),
    ...process.argv.slice(2),
  ]),
);
