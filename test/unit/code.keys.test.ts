// Telnyx API keys written into files: what is one (and what is not), and what replaces it per language.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { environmentReadEdits, placeholderEdit, type TextEdit } from '../../src/code/scan/keyFixes';
import { findApiKeys, isApiKey, isEnvironmentFile } from '../../src/code/scan/keys';
import { syntaxOf } from '../../src/code/scan/languages';

// The shape Telnyx issues: KEY, the key's id (32 upper-case hex digits), _, a 22-character secret.
const KEY = `KEY0190AB12CD34EF5678901234ABCDEF56_${'aB3dE5gH7jK9mN1pQ3sT5v'}`;

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

function fixed(text: string, languageId: string): string | undefined {
  const syntax = syntaxOf(languageId);
  assert.ok(syntax);
  const [key] = findApiKeys(text);
  assert.ok(key, 'the key is found');
  const edits = environmentReadEdits(text, key, syntax);
  return edits && apply(text, edits);
}

describe('API keys in files', () => {
  it('finds a key of the format Telnyx issues, wherever it is', () => {
    assert.equal(KEY.length, 58);
    assert.deepEqual(findApiKeys(`const k = '${KEY}';`), [{ start: 11, end: 11 + 58 }]);
    assert.equal(findApiKeys(`# ${KEY}\nAuthorization: Bearer ${KEY}`).length, 2);
    assert.equal(isApiKey(KEY), true);
  });

  it('does not over-match: the id alone, lower-case hex, a longer token, a placeholder', () => {
    assert.deepEqual(findApiKeys(KEY.slice(0, 35)), []);
    assert.deepEqual(findApiKeys(KEY.replace('AB12CD', 'ab12cd')), []);
    assert.deepEqual(findApiKeys(`${KEY}x`), []);
    assert.deepEqual(findApiKeys(`X${KEY}`), []);
    assert.deepEqual(findApiKeys('KEY…'), []);
    assert.deepEqual(findApiKeys('KEYSIMDEMO0000000000000000000000_simulatorkey'), []);
  });

  it('.env files are where keys belong', () => {
    assert.equal(isEnvironmentFile('/p/.env'), true);
    assert.equal(isEnvironmentFile('C:\\p\\.env.local'), true);
    assert.equal(isEnvironmentFile('/p/env.ts'), false);
    assert.equal(isEnvironmentFile('/p/.envrc.ts'), false);
  });

  it('replaces the literal with an environment read in each language (with the import it needs)', () => {
    assert.equal(
      fixed(`const telnyx = new Telnyx('${KEY}');`, 'javascript'),
      'const telnyx = new Telnyx(process.env.TELNYX_API_KEY);',
    );
    assert.equal(fixed(`const k: string = "${KEY}";`, 'typescript'), 'const k: string = process.env.TELNYX_API_KEY;');
    assert.equal(
      fixed(`import telnyx\ntelnyx.api_key = "${KEY}"\n`, 'python'),
      'import os\nimport telnyx\ntelnyx.api_key = os.environ["TELNYX_API_KEY"]\n',
    );
    assert.equal(fixed(`import os\nKEY = f'${KEY}'\n`, 'python'), `import os\nKEY = os.environ["TELNYX_API_KEY"]\n`);
    assert.equal(
      fixed(`package main\n\nimport (\n\t"fmt"\n)\n\nvar key = "${KEY}"\n`, 'go'),
      'package main\n\nimport (\n\t"os"\n\t"fmt"\n)\n\nvar key = os.Getenv("TELNYX_API_KEY")\n',
    );
    assert.equal(
      fixed(`package main\nvar key = \`${KEY}\`\n`, 'go'),
      'package main\n\nimport "os"\nvar key = os.Getenv("TELNYX_API_KEY")\n',
    );
    assert.equal(fixed(`Telnyx.api_key = '${KEY}'`, 'ruby'), 'Telnyx.api_key = ENV["TELNYX_API_KEY"]');
    assert.equal(fixed(`<?php\n$key = "${KEY}";`, 'php'), "<?php\n$key = getenv('TELNYX_API_KEY');");
    assert.equal(fixed(`String key = "${KEY}";`, 'java'), 'String key = System.getenv("TELNYX_API_KEY");');
    assert.equal(
      fixed(`var key = @"${KEY}";`, 'csharp'),
      'var key = Environment.GetEnvironmentVariable("TELNYX_API_KEY");',
    );
  });

  it('a key that is only part of a literal gets no guessed rewrite; elsewhere a ${TELNYX_API_KEY} reference', () => {
    assert.equal(fixed(`fetch(url, { headers: { Authorization: 'Bearer ${KEY}' } })`, 'javascript'), undefined);
    const text = `api_key: ${KEY}\n`;
    assert.equal(apply(text, [placeholderEdit(findApiKeys(text)[0])]), 'api_key: ${TELNYX_API_KEY}\n');
  });
});
