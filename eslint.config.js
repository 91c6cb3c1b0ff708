// @ts-check
// Lint is one of the two gates (with `tsc -b`) that make the folder boundaries real:
// STYLE.md habit 1. Each boundary below lists what its code may never import.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, bare (`fs`) and with their subpaths (`fs/promises`). */
const nodeBuiltins = builtinModules
  .filter((name) => !name.startsWith('_'))
  .flatMap((name) => [name, `${name}/*`]);

/** `node:fs`, `node:fs/promises`, ... */
const nodeScheme = { group: ['node:*'], message: 'Node modules are not available here.' };

/** @param {string} folder @param {string} why */
const folderImport = (folder, why) => ({
  regex: `(^|/)${folder}(/|$)`,
  message: `Do not import from ${folder}/: ${why}`,
});

/** @param {string[]} names @param {string} message */
const packages = (names, message) => ({ group: names, message });

const nodeOnlyPackages = [
  'better-sqlite3',
  'pg',
  'pg/*',
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
];

/** @param {object[]} patterns */
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  {
    ignores: ['out/', 'dist/', 'node_modules/', 'coverage/', 'test-results/', 'bench-results/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The project service finds each file's tsconfig through the solution-style
        // tsconfig.json, as an editor does, so every file is linted under its boundary.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // A `default:` is a deliberate catch-all; a switch without one must cover the union.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // Implementing an async interface (a Kysely driver, the desk bridge) without
      // awaiting anything is legitimate; floating promises are caught by their own rule.
      '@typescript-eslint/require-await': 'off',
      // Money is integer cents and counts are numbers: both belong in messages.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Plain JavaScript (this file, tool configs) is outside every tsconfig.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },

  // ---- Boundaries -------------------------------------------------------------------
  // `import()` expressions and `require()` are not covered by no-restricted-imports;
  // @typescript-eslint/no-require-imports forbids the latter and tsc catches Node
  // modules in the renderer (it has no Node types).
  {
    files: ['src-shared/**'],
    rules: restrict([
      nodeScheme,
      packages(nodeBuiltins, 'src-shared runs on the desk and on the server: no Node.'),
      packages(
        [
          'electron',
          'electron/*',
          'react',
          'react/*',
          'react-dom',
          'react-dom/*',
          ...nodeOnlyPackages,
        ],
        'src-shared must not depend on Electron, React or a database driver.',
      ),
      folderImport('src-main', 'src-shared is imported by every side and imports none.'),
      folderImport('src-renderer', 'src-shared is imported by every side and imports none.'),
      folderImport('sync-server', 'src-shared is imported by every side and imports none.'),
    ]),
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: globals.browser },
    rules: restrict([
      nodeScheme,
      packages(nodeBuiltins, 'The renderer is sandboxed: no Node. Use the desk bridge.'),
      packages(
        ['electron', 'electron/*', ...nodeOnlyPackages],
        'The renderer is sandboxed: reach the desk core through the bridge in the preload.',
      ),
      folderImport('src-main', 'the renderer talks to the desk core only through the bridge.'),
      folderImport('sync-server', 'the renderer never imports server code.'),
    ]),
  },
  {
    files: ['src-main/**'],
    languageOptions: { globals: globals.node },
    rules: restrict([
      folderImport('src-renderer', 'the main process never imports renderer code.'),
      folderImport('sync-server', 'the desk never imports server code; share it via src-shared.'),
    ]),
  },
  {
    // The preload runs sandboxed: only `electron` (a subset) and bundled code.
    files: ['src-main/preload/**'],
    rules: restrict([
      nodeScheme,
      packages(nodeBuiltins, 'A sandboxed preload cannot load Node modules.'),
      packages(nodeOnlyPackages, 'A sandboxed preload cannot load native modules.'),
      folderImport('src-renderer', 'the main process never imports renderer code.'),
      folderImport('sync-server', 'the desk never imports server code; share it via src-shared.'),
    ]),
  },
  {
    files: ['sync-server/**'],
    languageOptions: { globals: globals.node },
    rules: restrict([
      packages(
        ['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*'],
        'The sync server runs in plain Node without a UI.',
      ),
      folderImport('src-renderer', 'the server never imports renderer code.'),
      folderImport('src-main', 'the server never imports desk code; share it via src-shared.'),
    ]),
  },
  {
    files: ['tests/**', 'scripts/**', 'bench/**', '**/*.test.ts', '**/*.test.tsx', '*.config.*'],
    languageOptions: { globals: globals.node },
    // Tests may reach into every folder: they check the pieces, they are not shipped.
    rules: { 'no-restricted-imports': 'off' },
  },
);
