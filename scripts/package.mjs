// `npm run package`: the release build, then `vsce package`, then a check of what went in.
// Fails on any vsce warning, on a file outside the allow-list (source maps, sources, tests) and on a
// missing file the installed extension needs; prints the sizes.
//
//   node scripts/package.mjs [--out <file.vsix>] [--no-build]
//
// vsce 4 declares Node >= 22. On an older Node it is run with the cached Node 24 of the VS Code server
// recipe when that exists (scripts/lib/cache.mjs), else with the running Node (which works for
// vsce 4.1 on Node 20, with npm's engine warning).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachePaths } from './lib/cache.mjs';
import { listZip, readZipEntry } from './packageZip.mjs';
import { ensureNpmDeps } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function parseArgs(argv) {
  const options = { out: join(root, `${manifest.name}-${manifest.version}.vsix`), build: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') options.out = resolve(argv[++i]);
    else if (argv[i] === '--no-build') options.build = false;
    else throw new Error(`Unknown option ${argv[i]}. Usage: node scripts/package.mjs [--out <file.vsix>] [--no-build]`);
  }
  return options;
}

/** Runs a command in the repository; resolves with its combined output, echoed as it comes. */
function run(command, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let output = '';
    const echo = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

function nodeForVsce() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const cached = cachePaths().node;
  return existsSync(cached) ? cached : process.execPath;
}

// What the installed extension needs, and nothing else (paths inside the .vsix).
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[\w-]+)?\.json$/,
  /^extension\/(readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/[\w.-]+\.(js|css)$/,
  /^extension\/dist\/codicons\/codicon\.(css|ttf)$/,
  /^extension\/media\/.+\.(png|svg|md)$/,
  /^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
];
const REQUIRED = [
  'extension/package.json',
  'extension/package.nls.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/telnyx.js',
  'extension/dist/code.js',
  'extension/dist/tap.js',
  'extension/dist/webview.js',
  'extension/dist/webview.css',
  'extension/dist/codicons/codicon.css',
  'extension/dist/codicons/codicon.ttf',
  `extension/${manifest.icon}`,
  'extension/l10n/bundle.l10n.json',
];

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // A fresh clone has no node_modules: esbuild and vsce come from there.
  ensureNpmDeps((line) => console.log(`[package] ${line}`));
  if (options.build) {
    console.log('> node esbuild.mjs --release');
    await run(process.execPath, [join(root, 'esbuild.mjs'), '--release']);
  }
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const node = nodeForVsce();
  console.log(
    `> vsce package --no-dependencies --out ${options.out}   (Node ${node === process.execPath ? process.version : node})`,
  );
  const output = await run(node, [vsce, 'package', '--no-dependencies', '--out', options.out]);

  const problems = [];
  const warnings = output
    // eslint-disable-next-line no-control-regex -- vsce colours its labels even when told not to
    .replace(/\u001b\[[\d;]*m/g, '')
    .split('\n')
    .filter((line) => /\bWARNING\b/i.test(line));
  if (warnings.length) problems.push(`vsce warned:\n  ${warnings.join('\n  ')}`);
  const entries = listZip(options.out);
  const names = entries.map((entry) => entry.name).filter((name) => !name.endsWith('/'));
  const unexpected = names.filter((name) => !ALLOWED.some((pattern) => pattern.test(name)));
  if (unexpected.length)
    problems.push(`files that do not belong in the package (check .vscodeignore):\n  ${unexpected.join('\n  ')}`);
  const missing = REQUIRED.filter((name) => !names.includes(name));
  if (missing.length) problems.push(`files missing from the package:\n  ${missing.join('\n  ')}`);
  for (const name of names.filter((n) => n.endsWith('.js'))) {
    // A release bundle has no sourceMappingURL comment (it would point at a file that is not shipped).
    if (/\/\/# sourceMappingURL=/.test(readZipEntry(options.out, name).toString('utf8')))
      problems.push(`${name} references a source map: was it built with --release?`);
  }

  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const size = (name) => entries.find((entry) => entry.name === name)?.size ?? 0;
  console.log(`\n${options.out}: ${kb(statSync(options.out).size)}, ${names.length} files`);
  for (const name of ['extension/dist/extension.js', 'extension/dist/telnyx.js', 'extension/dist/webview.js'])
    console.log(`  ${name.slice('extension/'.length)}: ${kb(size(name))}`);
  if (problems.length) {
    console.error(`\nThe package is not clean:\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
