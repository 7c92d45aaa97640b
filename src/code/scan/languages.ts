// The lexical rules the code features need per language: where comments and string literals are.
// Not a parser: enough to tell a string literal from code and comments, with each language's quotes,
// escapes and interpolations.

export type CodeLanguage = 'javascript' | 'typescript' | 'python' | 'go' | 'ruby' | 'php' | 'java' | 'csharp';

export interface Syntax {
  language: CodeLanguage;
  /** `//` line comments. */
  slashComments: boolean;
  /** `#` line comments. */
  hashComments: boolean;
  /** `/* … *\/` block comments. */
  blockComments: boolean;
  /** What a backtick starts: a template with `${…}` (JavaScript), a raw string (Go), or nothing. */
  backtick: 'template' | 'raw' | 'none';
  /** Python: `'''`/`"""` and the prefixes r, b, u, f (f interpolates `{…}`, r has no escapes). */
  pythonStrings: boolean;
  /** Java text blocks and C# raw strings: `"""…"""`. */
  tripleDoubleQuotes: boolean;
  /** C#: `@"…"` (verbatim, `""` is a quote) and `$"…"` (interpolates `{…}`). */
  csharpPrefixes: boolean;
  /** Ruby: `"…#{…}…"`. */
  hashInterpolation: boolean;
}

const base = {
  slashComments: true,
  hashComments: false,
  blockComments: true,
  backtick: 'none',
  pythonStrings: false,
  tripleDoubleQuotes: false,
  csharpPrefixes: false,
  hashInterpolation: false,
} as const;

const SYNTAXES: Record<CodeLanguage, Syntax> = {
  javascript: { ...base, language: 'javascript', backtick: 'template' },
  typescript: { ...base, language: 'typescript', backtick: 'template' },
  python: {
    ...base,
    language: 'python',
    slashComments: false,
    hashComments: true,
    blockComments: false,
    pythonStrings: true,
  },
  go: { ...base, language: 'go', backtick: 'raw' },
  ruby: {
    ...base,
    language: 'ruby',
    slashComments: false,
    hashComments: true,
    blockComments: false,
    hashInterpolation: true,
  },
  php: { ...base, language: 'php', hashComments: true },
  java: { ...base, language: 'java', tripleDoubleQuotes: true },
  csharp: { ...base, language: 'csharp', tripleDoubleQuotes: true, csharpPrefixes: true },
};

/** VS Code's language ids of the files the code features read. */
const LANGUAGE_IDS: Record<string, CodeLanguage> = {
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'typescript',
  python: 'python',
  go: 'go',
  ruby: 'ruby',
  php: 'php',
  java: 'java',
  csharp: 'csharp',
};

export const CODE_LANGUAGE_IDS: readonly string[] = Object.keys(LANGUAGE_IDS);

export function syntaxOf(languageId: string): Syntax | undefined {
  const language = LANGUAGE_IDS[languageId];
  return language ? SYNTAXES[language] : undefined;
}
