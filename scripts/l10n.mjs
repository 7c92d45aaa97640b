// `npm run l10n`: writes l10n/bundle.l10n.json, the English strings translators start from: the
// first argument of every `….l10n.t(…)` and `l10n.t(…)` call under src/. It reads the same calls as
// `vscode-l10n-dev export`, and also those on an `L10nHost` passed in (`host.l10n.t`), which lets
// the vscode-free folders (src/core/l10n.ts) be localised without importing 'vscode' (scripts/lib/l10nCalls.mjs,
// the reading test/unit/l10n.test.ts checks with).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { l10nCallsIn, tsFilesUnder } from './lib/l10nCalls.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function extractL10nBundle(srcDir = join(root, 'src')) {
  const bundle = {};
  for (const file of tsFilesUnder(srcDir)) {
    for (const call of l10nCallsIn(relative(root, file), readFileSync(file, 'utf8'))) {
      if (call.key === undefined)
        throw new Error(
          `${call.where}: l10n.t with a message that is not a literal (pass variable parts as {0} arguments)`,
        );
      bundle[call.key] = call.value;
    }
  }
  return bundle;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(root, 'l10n', 'bundle.l10n.json');
  const found = extractL10nBundle();
  // Strings already in the bundle keep their place and new ones come last, so a change reads as its own lines.
  const previous = existsSync(out) ? Object.keys(JSON.parse(readFileSync(out, 'utf8'))) : [];
  const bundle = {};
  for (const key of [...previous, ...Object.keys(found)]) if (Object.hasOwn(found, key)) bundle[key] = found[key];
  writeFileSync(out, JSON.stringify(bundle, null, 2));
  console.log(`${Object.keys(bundle).length} strings → ${relative(process.cwd(), out)}`);
}
