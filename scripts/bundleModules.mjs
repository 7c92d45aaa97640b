// What a bundle of dist/ holds, from the metafile `node esbuild.mjs --release --metafile` writes:
//   node scripts/bundleModules.mjs [bundle]                 bytes per folder of src/, then the 15 largest modules
//   node scripts/bundleModules.mjs [bundle] --compare FILE  module by module against another build's metafile
// `bundle` is a name under out/meta/ (default: extension, the startup bundle) or a metafile's path.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const compareAt = args.indexOf('--compare');
const compareWith = compareAt === -1 ? undefined : args.splice(compareAt, 2)[1];
const metafilePath = (name = 'extension') => (existsSync(name) ? name : join(root, 'out', 'meta', `${name}.json`));

/** Bytes in the output per input module. */
function modulesOf(path) {
  if (!existsSync(path)) {
    console.error(`${path}: no metafile (run node esbuild.mjs --release --metafile)`);
    process.exit(2);
  }
  const output = Object.values(JSON.parse(readFileSync(path, 'utf8')).outputs).find((o) => o.entryPoint);
  return new Map(Object.entries(output.inputs).map(([name, input]) => [name, input.bytesInOutput]));
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const total = (modules) => [...modules.values()].reduce((sum, bytes) => sum + bytes, 0);
const modules = modulesOf(metafilePath(args[0]));

if (compareWith) {
  const before = modulesOf(metafilePath(compareWith));
  const names = [...new Set([...before.keys(), ...modules.keys()])];
  const changes = names
    .map((name) => ({ name, was: before.get(name) ?? 0, now: modules.get(name) ?? 0 }))
    .filter((change) => change.was !== change.now)
    .sort((a, b) => b.now - b.was - (a.now - a.was));
  for (const { name, was, now } of changes) {
    const note = !before.has(name) ? ' (new)' : !modules.has(name) ? ' (gone)' : '';
    console.log(`${String(now - was).padStart(7)} B  ${name}${note}`);
  }
  console.log(`total ${kb(total(before))} → ${kb(total(modules))}`);
} else {
  const byFolder = new Map();
  for (const [name, bytes] of modules) {
    const folder = name.startsWith('src/') ? name.split('/').slice(0, 2).join('/') : name;
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + bytes);
  }
  for (const [folder, bytes] of [...byFolder].sort((a, b) => b[1] - a[1]))
    console.log(`${kb(bytes).padStart(9)}  ${folder}`);
  console.log(`\nlargest modules:`);
  for (const [name, bytes] of [...modules].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`${kb(bytes).padStart(9)}  ${name}`);
  console.log(`total ${kb(total(modules))}`);
}
