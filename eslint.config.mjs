import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The API client (src/telnyx/) is bundled apart (dist/telnyx.js) and loaded on the first request
// (src/services/telnyxLoader.ts): a value import of it from anywhere else would pull undici into the startup
// bundle. Only these small, dependency-free modules may be imported for their values.
const TELNYX_VALUE_IMPORTS_ALLOWED = ['errors', 'baseUrl', 'redact'];
const telnyxModulesTypeOnly = {
  group: ['**/telnyx/*', ...TELNYX_VALUE_IMPORTS_ALLOWED.map((name) => `!**/telnyx/${name}`)],
  allowTypeImports: true,
  message: 'Import the API layer with `import type` (it loads lazily through src/services/telnyxLoader.ts); only telnyx/errors, telnyx/baseUrl and telnyx/redact may be imported for values.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', require: 'readonly', module: 'readonly', __dirname: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        Buffer: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The product: no import cycles (a module's dependencies can be read without coming back to it),
    // no dropped promise (a rejection nobody handles is an error nobody sees), and the lazy API client.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'import-x/no-cycle': 'error',
      // Tree commands live in src/tree/; palette commands in src/commands/. Neither reaches into the other.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/commands', from: './src/tree', message: 'src/commands/ must not depend on the Connections view (src/tree/).' },
            { target: './src/tree', from: './src/commands', message: 'src/tree/ must not depend on src/commands/.' },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': ['error', { patterns: [telnyxModulesTypeOnly] }],
    },
  },
  {
    files: ['src/telnyx/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The API layer runs in plain Node: it must never depend on VS Code.
    files: ['src/telnyx/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The API layer must not import vscode.' }] }],
    },
  },
  {
    // The timeline model and the core are not the API layer: they read API types only, and never VS Code.
    files: ['src/timeline/**/*.ts', 'src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'The timeline model and the core must not import vscode.' }], patterns: [telnyxModulesTypeOnly] },
      ],
    },
  },
  {
    // Webview code renders API data: text only, never HTML.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render API data with textContent / createElement, never innerHTML.' },
        { property: 'outerHTML', message: 'Render API data with textContent / createElement, never outerHTML.' },
        { property: 'insertAdjacentHTML', message: 'Render API data with textContent / createElement, never insertAdjacentHTML.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]", message: 'No HTML from data in the webview.' },
      ],
    },
  },
);
