import { readdirSync } from 'node:fs';
import { join } from 'node:path';
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
  message:
    'Import the API layer with `import type` (it loads lazily through ' +
    'src/services/telnyxLoader.ts); only telnyx/errors, telnyx/baseUrl and telnyx/redact may ' +
    'be imported for values.',
};

// The live tap (src/tap/) is bundled apart too (dist/tap.js, with undici), loaded when a tap starts
// (src/services/tapLoader.ts): elsewhere only its shapes (model.ts) may be imported for values.
const tapModulesTypeOnly = {
  group: ['**/tap/*', '!**/tap/model'],
  allowTypeImports: true,
  message:
    'Import the live tap with `import type` (it loads lazily through src/services/tapLoader.ts); only ' +
    'tap/model may be imported for values.',
};

// The floors of src/ (ARCHITECTURE.md, "Folders"): each folder imports only what its row allows, so
// no import runs back up and no surface depends on another. Imports of types count too.
const BELOW_SURFACES = ['telnyx', 'timeline', 'core', 'text', 'calls', 'doctor', 'tap', 'accounts', 'services'];
const SURFACES = [
  'tree',
  'callDetails',
  'webview',
  'hover',
  'statusBar',
  'commands',
  'chat',
  'actions',
  'accountCommands',
  'code',
];
const MAY_IMPORT = {
  telnyx: [],
  timeline: ['telnyx'],
  core: ['telnyx', 'timeline'],
  text: ['telnyx', 'core'],
  calls: ['telnyx', 'core', 'timeline'],
  doctor: ['telnyx', 'core', 'timeline'],
  tap: ['telnyx', 'core', 'timeline'],
  accounts: ['telnyx'],
  services: ['telnyx', 'core', 'accounts', 'calls', 'doctor', 'tap'],
  // The page runs in the browser: the vscode-free models, and the panel's message types (below).
  webview: ['timeline', 'core', 'text'],
  ...Object.fromEntries(
    SURFACES.filter((surface) => surface !== 'webview').map((surface) => [surface, BELOW_SURFACES]),
  ),
};
// A new folder under src/ needs its row (and one in ARCHITECTURE.md's table) before lint passes.
const unplaced = readdirSync(join(import.meta.dirname, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !Object.hasOwn(MAY_IMPORT, entry.name))
  .map((entry) => `src/${entry.name}/`);
if (unplaced.length)
  throw new Error(
    `${unplaced.join(', ')}: add to MAY_IMPORT in eslint.config.mjs and to ARCHITECTURE.md's folder table.`,
  );
const FLOOR_ZONES = [
  ...Object.entries(MAY_IMPORT).map(([folder, allowed]) => ({
    target: `./src/${folder}`,
    from: [...BELOW_SURFACES, ...SURFACES]
      .filter(
        (other) => other !== folder && !allowed.includes(other) && !(folder === 'webview' && other === 'callDetails'),
      )
      .map((other) => `./src/${other}`)
      .concat('./src/extension.ts'),
    message:
      `src/${folder}/ may ` +
      `import ${allowed.length ? allowed.map((other) => `src/${other}/`).join(', ') : 'nothing of ours'} ` +
      `only (ARCHITECTURE.md, "Folders").`,
  })),
  // The panel (src/callDetails) and its page (src/webview) are one surface in two bundles; they share the message types.
  {
    target: './src/webview',
    from: './src/callDetails',
    except: ['./protocol.ts'],
    message: 'The page may import only src/callDetails/protocol.ts (types) of the panel.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Prettier wraps code at 120 but not strings or comments: this keeps them short too. A long message is
      // written as literals joined with + (scripts/l10n.mjs reads it as one key).
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true }],
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
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: FLOOR_ZONES }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': ['error', { patterns: [telnyxModulesTypeOnly, tapModulesTypeOnly] }],
    },
  },
  {
    files: ['src/telnyx/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The tap's own modules import one another; like the other floors below services/, never vscode.
    files: ['src/tap/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The live tap runs in plain Node: it must not import vscode.' }],
          patterns: [telnyxModulesTypeOnly],
        },
      ],
    },
  },
  {
    // The API layer runs in plain Node: it must never depend on VS Code.
    files: ['src/telnyx/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'The API layer must not import vscode.' }] },
      ],
    },
  },
  {
    // The floors below services/ run in plain Node (and are unit-tested there): never VS Code, not
    // even its types; their wording comes from the L10nHost passed in (src/core/l10n.ts).
    files: [
      'src/timeline/**/*.ts',
      'src/core/**/*.ts',
      'src/text/**/*.ts',
      'src/calls/**/*.ts',
      'src/doctor/**/*.ts',
      'src/accounts/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'The folders below src/services/ must not import vscode (ARCHITECTURE.md, "Folders").',
            },
          ],
          patterns: [telnyxModulesTypeOnly, tapModulesTypeOnly],
        },
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
        {
          property: 'insertAdjacentHTML',
          message: 'Render API data with textContent / createElement, never insertAdjacentHTML.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'No HTML from data in the webview.',
        },
      ],
    },
  },
);
