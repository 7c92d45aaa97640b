// Builds every bundle of the project:
//   dist/extension.js  the extension (node, CommonJS, `vscode` external): everything but the API client
//   dist/telnyx.js     the API client with undici, required lazily on the first request
//   dist/tap.js        the live tap (two loopback listeners), required when a tap starts
//   dist/code.js       the code features (event names, handler lenses, key check), required lazily
//                      when a file of one of their languages is opened
//   dist/webview.js    code that runs inside the call details webview (browser)
//   dist/webview.css + codicons, copied for the webview
//   out/...            tests, simulator CLI, benchmarks (not shipped)
// Flags: --release (minify, no sourcemaps), --watch.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const release = process.argv.includes('--release');
const watch = process.argv.includes('--watch');

function filesUnder(dir, suffix) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const found = [];
  for (const name of readdirSync(abs)) {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(relative(root, path), suffix));
    else if (name.endsWith(suffix)) found.push(relative(root, path));
  }
  return found;
}

const common = {
  bundle: true,
  logLevel: 'warning',
  sourcemap: release ? false : 'linked',
  minify: release,
  target: 'es2022',
};

// The extension bundle must not pull in undici: `src/services/telnyxLoader.ts` requires './telnyx.js' at run
// time (and lint allows only type imports of src/telnyx/ elsewhere, but for a few leaf modules).
const keepApiClientSeparate = {
  name: 'keep-api-client-separate',
  setup(build) {
    build.onResolve({ filter: /^\.\/telnyx\.js$/ }, (args) =>
      args.importer.endsWith('telnyxLoader.ts') ? { path: './telnyx.js', external: true } : undefined,
    );
    // The same for the live tap (src/services/tapLoader.ts requires './tap.js').
    build.onResolve({ filter: /^\.\/tap\.js$/ }, (args) =>
      args.importer.endsWith('tapLoader.ts') ? { path: './tap.js', external: true } : undefined,
    );
    // The same for the code features (src/codeLoader.ts requires './code.js').
    build.onResolve({ filter: /^\.\/code\.js$/ }, (args) =>
      args.importer.endsWith('codeLoader.ts') ? { path: './code.js', external: true } : undefined,
    );
  },
};

// In a CommonJS bundle every module's `import * as vscode from 'vscode'` becomes its own
// `__toESM(require("vscode"))`, which copies each of the hundreds of properties of VS Code's API
// object: about 40 copies at every start (~50 ms in the extension host). One virtual module
// re-exports the API once and every module imports that one.
const vscodeImportedOnce = {
  name: 'vscode-imported-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
    }));
  },
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    plugins: [vscodeImportedOnce, keepApiClientSeparate],
  },
  {
    ...common,
    entryPoints: { code: 'src/code/features.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    plugins: [vscodeImportedOnce],
  },
  {
    ...common,
    entryPoints: { telnyx: 'src/telnyx/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: { tap: 'src/tap/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
  },
];

const testBuilds = [];
const unitTests = filesUnder('test/unit', '.test.ts');
if (unitTests.length) {
  testBuilds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: unitTests,
    outbase: 'test/unit',
    outdir: 'out/unit',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
  });
}
const contractTests = filesUnder('test/contract', '.test.ts');
if (contractTests.length) {
  testBuilds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: contractTests,
    outbase: 'test/contract',
    outdir: 'out/contract',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
  });
}
if (existsSync(join(root, 'test/simulator/cli.ts'))) {
  testBuilds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: { cli: 'test/simulator/cli.ts' },
    outdir: 'out/simulator',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
}
// The in-host suite: compiled into the extension's folder (out/), `vscode` and mocha resolved at run time.
const integrationEntries = [...filesUnder('test/integration', '.ts')].filter((f) => !f.endsWith('.d.ts'));
if (integrationEntries.length) {
  testBuilds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: integrationEntries,
    outbase: 'test/integration',
    outdir: 'out/integration',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}
// The runner's own test, and the deliberately failing suite it runs in VS Code (with the real entry).
const harnessTests = filesUnder('test/harness', '.test.ts');
if (harnessTests.length) {
  testBuilds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: harnessTests,
    outbase: 'test/harness',
    outdir: 'out/harness',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
  });
  testBuilds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: {
      index: 'test/integration/index.ts',
      ...Object.fromEntries(
        filesUnder('test/harness/fixtures', '.fixture.ts').map((f) => [
          f
            .split('/')
            .pop()
            .replace(/\.fixture\.ts$/, '.test'),
          f,
        ]),
      ),
    },
    outdir: 'out/harness-fixture',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}
// UI tests: test/e2e/<name>.e2e.ts → out/e2e/<name>.e2e.test.js, so that `node --test out/e2e/` finds them.
const e2eTests = filesUnder('test/e2e', '.e2e.ts');
if (e2eTests.length) {
  testBuilds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: Object.fromEntries(e2eTests.map((f) => [f.split('/').pop().replace(/\.ts$/, '.test'), f])),
    outdir: 'out/e2e',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
  });
}
const benchEntries = filesUnder('bench', '.ts');
if (benchEntries.length) {
  testBuilds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: benchEntries,
    outbase: 'bench',
    outdir: 'out/bench',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
  });
}

function copyAssets() {
  mkdirSync(join(root, 'dist/codicons'), { recursive: true });
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  for (const file of ['codicon.css', 'codicon.ttf']) cpSync(join(codicons, file), join(root, 'dist/codicons', file));
  if (existsSync(join(root, 'src/webview/webview.css')))
    cpSync(join(root, 'src/webview/webview.css'), join(root, 'dist/webview.css'));
}

const all = [...builds, ...(release ? [] : testBuilds)];
if (watch) {
  copyAssets();
  for (const options of all) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(all.map((options) => esbuild.build(options)));
  copyAssets();
}
