// What to write in place of a Telnyx API key found in a file: an environment read in the file's
// language (with the import it needs), or a `${TELNYX_API_KEY}` reference elsewhere.
import type { TextRange } from './keys';
import type { CodeLanguage, Syntax } from './languages';
import { scanSource } from './literals';

export interface TextEdit extends TextRange {
  text: string;
}

export const ENVIRONMENT_VARIABLE = 'TELNYX_API_KEY';

const ENVIRONMENT_READS: Record<CodeLanguage, string> = {
  javascript: 'process.env.TELNYX_API_KEY',
  typescript: 'process.env.TELNYX_API_KEY',
  python: 'os.environ["TELNYX_API_KEY"]',
  go: 'os.Getenv("TELNYX_API_KEY")',
  ruby: 'ENV["TELNYX_API_KEY"]',
  php: "getenv('TELNYX_API_KEY')",
  java: 'System.getenv("TELNYX_API_KEY")',
  csharp: 'Environment.GetEnvironmentVariable("TELNYX_API_KEY")',
};

export function environmentRead(language: CodeLanguage): string {
  return ENVIRONMENT_READS[language];
}

/**
 * The edits that put an environment read in place of the string literal that is exactly the key
 * (with the import Python and Go need). Undefined when the key is only part of a literal, or not in
 * one: no rewrite is guessed there.
 */
export function environmentReadEdits(text: string, key: TextRange, syntax: Syntax): TextEdit[] | undefined {
  const literal = scanSource(text, syntax).literals.find(
    (l) =>
      !l.interpolated &&
      l.closed &&
      l.pieces.length === 1 &&
      l.pieces[0].start === key.start &&
      l.pieces[0].end === key.end,
  );
  if (!literal) return undefined;
  const edits: TextEdit[] = [];
  const importEdit =
    syntax.language === 'python' ? pythonImportOs(text) : syntax.language === 'go' ? goImportOs(text) : undefined;
  if (importEdit) edits.push(importEdit);
  edits.push({ start: literal.start, end: literal.end, text: environmentRead(syntax.language) });
  return edits;
}

/** Where a key that is not a whole literal (or in a file of another language) goes: a `${TELNYX_API_KEY}` reference. */
export function placeholderEdit(key: TextRange): TextEdit {
  return { ...key, text: '${' + ENVIRONMENT_VARIABLE + '}' };
}

function pythonImportOs(text: string): TextEdit | undefined {
  if (/^[ \t]*(?:import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*os\b|from[ \t]+os[ \t]+import\b)/m.test(text)) return undefined;
  // After `from __future__` imports (they must come first), else before the first import.
  const future = [...text.matchAll(/^from[ \t]+__future__[ \t]+import[^\n]*\n/gm)].at(-1);
  if (future)
    return { start: future.index + future[0].length, end: future.index + future[0].length, text: 'import os\n' };
  const firstImport = /^(?:import|from)[ \t]/m.exec(text);
  if (firstImport) return { start: firstImport.index, end: firstImport.index, text: 'import os\n' };
  const leadingComments = /^(?:#[^\n]*\n)*/.exec(text);
  const at = leadingComments ? leadingComments[0].length : 0;
  return { start: at, end: at, text: 'import os\n\n' };
}

function goImportOs(text: string): TextEdit | undefined {
  if (/^[ \t]*(?:import[ \t]+)?"os"[ \t]*$/m.test(text)) return undefined;
  const block = /^import[ \t]*\([ \t]*\n/m.exec(text);
  if (block) return { start: block.index + block[0].length, end: block.index + block[0].length, text: '\t"os"\n' };
  const packageLine = /^package[ \t]+\w+[^\n]*\n/m.exec(text);
  const at = packageLine ? packageLine.index + packageLine[0].length : 0;
  return { start: at, end: at, text: '\nimport "os"\n' };
}
