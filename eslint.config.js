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
  // Anchored: gitignore-style patterns would match a folder named like a module (./console/x).
  .flatMap((name) => [`/${name}`, `/${name}/*`]);

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

/** What code that runs on every side (src-shared, demo-generator) may not depend on. */
const portableForbidden = [
  'electron',
  'electron/*',
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
  ...nodeOnlyPackages,
];

/** @param {object[]} patterns */
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

// ---- The sync server's layers and its privileged database handle ------------------------

/**
 * What each sync-server folder may import from the others. Arrows point down only: from
 * the processes (cli, demo) to the routes (http), the services (sync, payments, admin)
 * and the base (db, support). A new folder gets a line here.
 * @type {Record<string, string[]>}
 */
const serverLayers = {
  support: [],
  db: ['support'],
  sync: ['db', 'support'],
  payments: ['db', 'sync', 'support'],
  billing: ['db', 'sync', 'payments', 'support'],
  admin: ['db', 'support'],
  export: ['db', 'payments', 'support'],
  automations: ['db', 'sync', 'support'],
  http: ['db', 'sync', 'payments', 'billing', 'export', 'automations', 'support'],
  cli: ['admin', 'db', 'http', 'sync', 'payments', 'billing', 'export', 'automations', 'support'],
  demo: ['admin', 'cli', 'db', 'http', 'support'],
};

/** @param {string} folder */
const upwardImports = (folder) =>
  Object.keys(serverLayers)
    .filter((other) => other !== folder && !(serverLayers[folder] ?? []).includes(other))
    .map((other) => ({
      regex: `^(\\.\\./)+${other}(/|$)`,
      message: `sync-server/${folder}/ may not import from ${other}/: server imports point down (serverLayers in eslint.config.js).`,
    }));

/**
 * The server's pool runs as its login, not studio_app, with no tenant set; a superuser
 * login (PGlite's) bypasses row-level security outright (R7.1). Where the pool is not
 * allowed, code can neither name it (Kysely, or a Transaction not known to be
 * tenant-scoped), open it, migrate it, nor open a tenant transaction on it: it gets a
 * TenantDatabase and works in `inTenant`.
 */
const privilegedMessage =
  'The pool is not held to a tenant by row-level security (R7.1): take a TenantDatabase (sync-server/db/tenant-database.ts) and work in its inTenant. Only privilegedPlaces in eslint.config.js hold the pool.';
const privilegedHandle = {
  paths: [{ name: 'kysely', importNames: ['Kysely', 'Transaction'], message: privilegedMessage }],
  patterns: [
    {
      regex: '(^|/)db/(open-server-database|migrate-server-database|schema-readiness)$',
      message: privilegedMessage,
    },
    {
      regex: '(^|/)db/tenant-transaction$',
      importNames: ['inTenantTransaction', 'tenantScopedViews'],
      message: privilegedMessage,
    },
  ],
};

/**
 * The only places that may hold the privileged pool, and why. Webhooks and payment jobs
 * are not among them: they find their tenant through a SECURITY DEFINER lookup of
 * TenantDatabase, then work inside it.
 * @type {Record<string, string>}
 */
const privilegedPlaces = {
  'sync-server/db/**':
    'the database layer: opens and migrates the pool, wraps it in TenantDatabase',
  'sync-server/admin/**':
    "administration: an operator's command for a tenant it names, or global rows (platform_config)",
  'sync-server/cli/**': 'serverctl opens, migrates and checks the database it administers',
  'sync-server/demo/**':
    'the demo server process opens its PGlite, migrates it and seeds the demo studio',
  'sync-server/http/create-sync-server.ts':
    'the composition root: checks the schema, then wraps the pool once for every route',
  'sync-server/index.ts': 'the package entry re-exports openServerDatabase and the admin services',
};

/**
 * The import rule of one place in sync-server: its folder's layer (none for the root) and
 * whether it may hold the pool. Routes live in http/ alone, so only it may import Fastify.
 * @param {string | undefined} folder @param {boolean} privileged
 */
const serverRules = (folder, privileged) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: privileged ? [] : privilegedHandle.paths,
      patterns: [
        packages(
          ['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*'],
          'The sync server runs in plain Node without a UI.',
        ),
        folderImport('src-renderer', 'the server never imports renderer code.'),
        folderImport('src-main', 'the server never imports desk code; share it via src-shared.'),
        ...(folder === 'http'
          ? []
          : [
              packages(
                ['fastify', 'fastify/*', '@fastify/*'],
                'Routes live in sync-server/http; services take plain arguments.',
              ),
            ]),
        ...(folder === undefined ? [] : upwardImports(folder)),
        ...(privileged ? [] : privilegedHandle.patterns),
      ],
    },
  ],
});

// ---- The desk core's layers and its one SQLite access path -------------------------------

/**
 * What each src-main folder may import from the others (docs/ARCHITECTURE.md draws them).
 * Arrows point down: from the processes (main, preload, core-process, loopback, cli) to
 * the bridge the renderer calls, to the desk's services (sync, operations, staff,
 * hardware) and their base, the store. A new folder gets a line here.
 * @type {Record<string, string[]>}
 */
const deskLayers = {
  store: [],
  sync: ['store'],
  operations: ['store'],
  staff: ['store'],
  hardware: ['store', 'operations'],
  bridge: ['store', 'sync', 'operations', 'staff', 'hardware'],
  loopback: ['bridge'],
  'core-process': ['bridge'],
  cli: ['store', 'sync', 'operations', 'staff'],
  main: ['core-process', 'loopback'],
  preload: ['core-process'],
};

/** @param {string} folder */
const deskUpwardImports = (folder) =>
  Object.keys(deskLayers)
    .filter((other) => other !== folder && !(deskLayers[folder] ?? []).includes(other))
    .map((other) => ({
      regex: `^(\\.\\./)+${other}(/|$)`,
      message: `src-main/${folder}/ may not import from ${other}/: desk imports point down (deskLayers in eslint.config.js).`,
    }));

/**
 * The only desk files that may use better-sqlite3 directly, and why: everywhere else the
 * desk reads and writes through Kysely (desk.db). Each is a measured hot path or needs what
 * Kysely cannot give: a synchronous transaction, a streamed table, a pragma.
 * @type {Record<string, string>}
 */
const rawSqlitePlaces = {
  'src-main/store/open-desk-database.ts':
    "opens the connection, sets its pragmas and hands Kysely's dialect the handle",
  'src-main/store/statement-cache.ts':
    "keeps Kysely's prepared statements by their SQL text (bench B6, the POS sale)",
  'src-main/store/mutation-bookkeeping.ts':
    "every mutation's actor read and outbox append, prepared once per handle (bench B6)",
  'src-main/store/open-desk.ts':
    'holds the connection; a desk-only migration needs unsafe mode for writable_schema',
  'src-main/store/snapshot-reader.ts':
    'a second read-only connection that holds one snapshot across every table for checksums',
  'src-main/store/outbox-batches.ts':
    'reads the outbox by size and renumbers it synchronously on every push (bench B5)',
  'src-main/store/export-desk-data.ts': 'streams whole tables to files row by row',
  'src-main/store/bulk-load-indexes.ts':
    "drops and rebuilds an empty desk's indexes around its initial load, crash-safely (B1)",
  'src-main/sync/initial-snapshot.ts':
    'copies an empty desk table by table, one synchronous transaction per page (B1)',
  'src-main/sync/pulled-rows-applier.ts':
    'applies every pulled row through cached prepared statements (bench B3, the hot path)',
  'src-main/sync/own-row-digests.ts':
    "compares pulled digests with the desk's rows inside the page's synchronous transaction (B3)",
  'src-main/sync/sync-engine.ts':
    'one synchronous transaction per pulled page, and bulk-pull cache pragmas (bench B3)',
  'src-main/sync/outbox-push.ts':
    "marks a push's answers in the same synchronous transaction as the acknowledgement (B5)",
  'src-main/sync/drift-ledger.ts':
    "touches the drift ledger inside each pulled page's synchronous transaction (B3)",
  'src-main/sync/drift-check.ts':
    'streams a table, then replaces rows with foreign keys off (a pragma outside a transaction)',
  'src-main/sync/verify-and-repair.ts':
    'streams every table for checksums; repair swaps a table with foreign keys off',
};

/** The lint rule that keeps the operation registry the one place an operation is declared. */
const operationCopySyntax = {
  selector: 'TSPropertySignature > Literal.key[value=/^[a-z][a-zA-Z]*(\\.[a-z][a-zA-Z]*)+$/]',
  message:
    "Declare an operation once: derive its arguments and result from src-shared (MutationArgs<'pos.sale'>, QueryResult<'member.find'>) instead of writing them here.",
};

const rawSqliteMessage =
  'The desk reads and writes SQLite through Kysely (desk.db); raw better-sqlite3 is kept to the hot paths rawSqlitePlaces names in eslint.config.js.';

/**
 * The import and syntax rules of one src-main file: its folder's layer, the process it runs
 * in (the preload is sandboxed), and whether it may use the raw SQLite handle.
 * @param {string} folder @param {boolean} rawSqlite
 */
const deskRules = (folder, rawSqlite) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...(folder === 'preload'
          ? [
              nodeScheme,
              packages(nodeBuiltins, 'A sandboxed preload cannot load Node modules.'),
              packages(nodeOnlyPackages, 'A sandboxed preload cannot load native modules.'),
            ]
          : []),
        folderImport('src-renderer', 'the main process never imports renderer code.'),
        folderImport('sync-server', 'the desk never imports server code; share it via src-shared.'),
        folderImport('demo-generator', 'the demo studio is generated by the server, not the desk.'),
        ...(rawSqlite ? [] : [packages(['better-sqlite3'], rawSqliteMessage)]),
        ...deskUpwardImports(folder),
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    operationCopySyntax,
    ...(rawSqlite
      ? []
      : [{ selector: "MemberExpression[property.name='sqlite']", message: rawSqliteMessage }]),
  ],
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
        portableForbidden,
        'src-shared must not depend on Electron, React or a database driver.',
      ),
      folderImport('src-main', 'src-shared is imported by every side and imports none.'),
      folderImport('src-renderer', 'src-shared is imported by every side and imports none.'),
      folderImport('sync-server', 'src-shared is imported by every side and imports none.'),
      folderImport('demo-generator', 'src-shared is imported by every side and imports none.'),
    ]),
  },
  {
    // The demo studio generator, run by the demo server, scripts and benchmarks. It builds on
    // src-shared alone and is as portable (it writes through the Kysely it is handed).
    files: ['demo-generator/**'],
    rules: restrict([
      nodeScheme,
      packages(nodeBuiltins, 'The demo generator is deterministic, portable code: no Node.'),
      packages(
        portableForbidden,
        'The demo generator must not depend on Electron, React or a database driver.',
      ),
      folderImport('src-main', 'the demo generator builds on src-shared only.'),
      folderImport('src-renderer', 'the demo generator builds on src-shared only.'),
      folderImport('sync-server', 'the demo generator builds on src-shared only.'),
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
      folderImport('demo-generator', 'the demo studio is generated by the server, not the desk.'),
    ]),
  },
  {
    files: ['src-main/**'],
    languageOptions: { globals: globals.node },
  },
  // Each src-main folder: its layer, and no raw SQLite outside rawSqlitePlaces.
  ...Object.keys(deskLayers).map((folder) => ({
    files: [`src-main/${folder}/**`],
    ignores: ['**/*.test.ts', ...Object.keys(rawSqlitePlaces)],
    rules: deskRules(folder, false),
  })),
  ...Object.keys(rawSqlitePlaces).map((file) => ({
    files: [file],
    rules: deskRules(file.split('/')[1] ?? '', true),
  })),
  // Every sync-server file: no UI, no desk code, and no privileged database handle unless
  // privilegedPlaces names it; each folder then adds its layer rule.
  {
    files: ['sync-server/**'],
    languageOptions: { globals: globals.node },
    rules: serverRules(undefined, false),
  },
  ...Object.keys(serverLayers).map((folder) => ({
    files: [`sync-server/${folder}/**`],
    rules: serverRules(folder, `sync-server/${folder}/**` in privilegedPlaces),
  })),
  ...Object.keys(privilegedPlaces)
    .filter((place) => !place.endsWith('/**'))
    .map((file) => {
      const folder = file.split('/')[1] ?? '';
      return {
        files: [file],
        rules: serverRules(folder in serverLayers ? folder : undefined, true),
      };
    }),
  {
    // Declare an operation once (STYLE.md): a call's arguments and result come from the
    // operation's shared definition (MutationArgs<'pos.sale'>, src-shared/bridge/
    // desk-operations.ts). A type with a member named like an operation ('pos.sale') restates
    // them; outside src-shared it fails lint. tests/boundaries proves this rule, and finds
    // copies of a mutation's arguments that are not keyed by its name.
    // src-main has it in deskRules, with its raw SQLite rule.
    files: ['src-renderer/**', 'sync-server/**', 'demo-generator/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': ['error', operationCopySyntax],
    },
  },
  {
    files: ['tests/**', 'scripts/**', 'bench/**', '**/*.test.ts', '**/*.test.tsx', '*.config.*'],
    languageOptions: { globals: globals.node },
    // Tests may reach into every folder: they check the pieces, they are not shipped.
    rules: { 'no-restricted-imports': 'off' },
  },
);
