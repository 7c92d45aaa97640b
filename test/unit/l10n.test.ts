// Keeps every user-facing string localisable: each `l10n.t(...)` message in src/ must be in
// l10n/bundle.l10n.json (what translators get from `npm run l10n`), and each `%key%` of package.json
// must have its English text in package.nls.json. The sources are parsed with TypeScript (scripts/lib/l10nCalls.mjs,
// the reading scripts/l10n.mjs extracts with), so a
// message split over lines or written in double quotes is read exactly as `vscode-l10n-dev export`
// reads it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { l10nCallsIn, tsFilesUnder, type L10nCall } from '../../scripts/lib/l10nCalls.mjs';

/** out/unit/l10n.test.js → the repository. */
const root = resolve(__dirname, '..', '..');

function l10nCalls(file: string): L10nCall[] {
  return l10nCallsIn(relative(root, file), readFileSync(file, 'utf8'));
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(join(root, path), 'utf8'));
}

const sourceCalls = tsFilesUnder(join(root, 'src')).flatMap(l10nCalls);

test('src/ has localised strings to check (the scan finds the l10n.t calls)', () => {
  // Guards the other tests against passing because the scan found nothing.
  assert.ok(sourceCalls.length >= 50, `only ${sourceCalls.length} l10n.t calls found under src/`);
});

test('every l10n.t message in src/ is a literal, so it can be extracted', () => {
  const dynamic = sourceCalls.filter((call) => call.key === undefined).map((call) => call.where);
  assert.deepEqual(dynamic, [], 'l10n.t with a non-literal message (pass variable parts as {0} arguments)');
});

test('a message wrapped as literals joined with + has the key of the joined text; any other part is not a literal', () => {
  const source = [
    "vscode.l10n.t('Could not read ' + \"the call's \" + `events`, id);",
    "host.l10n.t({ message: 'A ' + ('B ' + 'C'), comment: ['why'] });",
    "l10n.t('Hello ' + name);",
    "l10n.t('Total: ' + 1);",
  ].join('\n');
  assert.deepEqual(
    l10nCallsIn('sample.ts', source).map((call) => call.key),
    ["Could not read the call's events", 'A B C/why', undefined, undefined],
  );
});

test('scripts/l10n.mjs folds a wrapped message into the same key as the check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l10n-'));
  try {
    writeFileSync(join(dir, 'a.ts'), "l10n.t('Could not read ' + 'the call' + `'s events`, id);\n");
    const extractor = pathToFileURL(join(root, 'scripts', 'l10n.mjs')).href;
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { extractL10nBundle } = await import(${JSON.stringify(extractor)});` +
          `console.log(JSON.stringify(extractL10nBundle(${JSON.stringify(dir)})));`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      "Could not read the call's events": "Could not read the call's events",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every l10n.t message in src/ is in l10n/bundle.l10n.json (run `npm run l10n`)', () => {
  const bundle = readJson('l10n/bundle.l10n.json') as Record<string, string>;
  const missing = sourceCalls
    .filter((call) => call.key !== undefined && !Object.hasOwn(bundle, call.key))
    .map((call) => `${call.where}: ${JSON.stringify(call.key)}`);
  assert.deepEqual(missing, [], 'messages missing from l10n/bundle.l10n.json; run `npm run l10n` and commit it');
});

test('package.json "l10n" points at the folder holding bundle.l10n.json', () => {
  const manifest = readJson('package.json') as { l10n?: string };
  assert.equal(typeof manifest.l10n, 'string', 'package.json has no "l10n" field');
  assert.ok(
    existsSync(join(root, manifest.l10n as string, 'bundle.l10n.json')),
    `${manifest.l10n}/bundle.l10n.json does not exist`,
  );
});

test('every %key% in package.json has its text in package.nls.json', () => {
  const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
  const keys = [...new Set([...manifestText.matchAll(/"%([^"%\s]+)%"/g)].map((match) => match[1]))];
  assert.ok(keys.length >= 10, `only ${keys.length} %key% placeholders found in package.json`);
  const nls = readJson('package.nls.json') as Record<string, unknown>;
  const missing = keys.filter((key) => typeof nls[key] !== 'string' || (nls[key] as string).trim() === '');
  assert.deepEqual(missing, [], 'package.json placeholders without text in package.nls.json');
});

test('the user-facing texts of package.json are placeholders, not English literals', () => {
  // Titles, names and descriptions shown in the UI must go through package.nls.json.
  const manifest = readJson('package.json') as { contributes?: Record<string, unknown> };
  const literal: string[] = [];
  const localisable = new Set(['title', 'name', 'description', 'markdownDescription', 'contextualTitle', 'contents']);
  // A language-model tool's `name` is its id, and its input schema (like its modelDescription) is
  // read by the model, not shown to the person: English is what models are prompted in.
  const forTheModel = /^contributes\.languageModelTools\[\d+\]\.(name|inputSchema)$/;
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (forTheModel.test(`${path}.${key}`)) continue;
        if (localisable.has(key) && typeof child === 'string' && !/^%[^%]+%$/.test(child))
          literal.push(`${path}.${key}`);
        else walk(child, `${path}.${key}`);
      }
    }
  };
  walk(manifest.contributes, 'contributes');
  assert.deepEqual(literal, [], 'literal English in contributes; use a %key% from package.nls.json');
});
