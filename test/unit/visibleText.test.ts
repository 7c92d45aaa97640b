import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasInvisibleCharacters, visibleLabel, visibleText } from '../../src/text/visible';

describe('API text in labels', () => {
  it('shows bidi overrides and isolates visibly, so a name cannot read backwards', () => {
    assert.equal(visibleText('support\u202Eenil'), 'support[U+202E]enil');
    assert.equal(visibleText('\u2066a\u2069\u200F'), '[U+2066]a[U+2069][U+200F]');
  });

  it('shows zero-width and other invisible characters, leaves ordinary Unicode alone', () => {
    assert.equal(visibleText('sa\u200Bles\uFEFF\u00AD'), 'sa[U+200B]les[U+FEFF][U+00AD]');
    assert.equal(visibleText('Zürich 東京 ☎'), 'Zürich 東京 ☎');
    assert.equal(hasInvisibleCharacters('plain'), false);
    assert.equal(hasInvisibleCharacters('a\u202Db'), true);
    assert.equal(hasInvisibleCharacters('a\u202Db'), true, 'repeatable (no regex state kept)');
  });

  it('keeps a label on one line and shows control characters', () => {
    assert.equal(visibleLabel('line one\nline\ttwo\u0007'), 'line one line two[U+0007]');
  });
});
