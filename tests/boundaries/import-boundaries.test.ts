// Proves that the folder boundaries of STYLE.md habit 1 fail the build, by writing real
// offending files into the real folders and running the real checks on them.
//
// Which gate catches what:
// - renderer importing `node:fs`: BOTH. ESLint's no-restricted-imports, and tsc, because
//   tsconfig.renderer.json has `types: []`, so no Node declarations exist there (TS2307).
// - src-shared importing `electron`: ESLint ONLY. tsc accepts it, because the electron
//   package ships its own declarations, which pull in Node's types by reference.
// - src-shared importing demo-generator, or demo-generator importing sync-server: BOTH.
//   ESLint's folder rules, and tsc, because a project that does not reference another
//   cannot compile that project's files (TS6307).
// Control files (the renderer and demo-generator importing from src-shared) must pass
// both, so these tests cannot pass merely because the checks fail on everything.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tag = `${process.pid}-${randomUUID().slice(0, 8)}`;

const fixtures = {
  rendererNodeImport: {
    file: `src-renderer/boundary-fixture-${tag}-node-import.ts`,
    source: "import { readFileSync } from 'node:fs';\n\nexport const read = readFileSync;\n",
  },
  sharedElectronImport: {
    file: `src-shared/boundary-fixture-${tag}-electron-import.ts`,
    source: "import { app } from 'electron';\n\nexport const desk = app;\n",
  },
  rendererControl: {
    file: `src-renderer/boundary-fixture-${tag}-control.ts`,
    source:
      "import { DESK_BRIDGE_KEY } from '../src-shared/bridge/desk-bridge';\n\n" +
      'export const bridgeKey: string = DESK_BRIDGE_KEY;\n',
  },
  sharedDemoImport: {
    file: `src-shared/boundary-fixture-${tag}-demo-import.ts`,
    source:
      "import { DEMO_SCALE_PRESETS } from '../demo-generator/demo-scale';\n\n" +
      'export const presets = DEMO_SCALE_PRESETS;\n',
  },
  demoServerImport: {
    file: `demo-generator/boundary-fixture-${tag}-server-import.ts`,
    source:
      "import { ServiceError } from '../sync-server/support/service-error';\n\n" +
      'export const failure = ServiceError;\n',
  },
  demoControl: {
    file: `demo-generator/boundary-fixture-${tag}-control.ts`,
    source:
      "import { uuidV7 } from '../src-shared/ids/uuid-v7';\n\n" + 'export const newId = uuidV7;\n',
  },
} as const;

/** Where `tsc -b` writes each folder's declarations (tsconfig.*.json `outDir`). */
const outDirs: Readonly<Record<string, string>> = {
  'src-shared': 'shared',
  'src-renderer': 'renderer',
  'demo-generator': 'demo',
};

/**
 * A fixture's import across a boundary is compiled into the importing project all the same,
 * so declarations of the other folder land in that project's output: removed afterwards.
 */
const pulledAcross = ['out/tsc/shared/demo-generator', 'out/tsc/demo/sync-server'];

type FixtureName = keyof typeof fixtures;
const fixtureNames = Object.keys(fixtures) as readonly FixtureName[];

let lintByFile: ReadonlyMap<string, ESLint.LintResult>;
let tscBuild: { readonly exitCode: number; readonly output: string };

/**
 * `tsc -b` (what `npm run typecheck` runs) on boundary projects. It goes on to the projects
 * that reference one with errors, so one run judges the fixtures of every folder.
 */
async function buildProjects(
  projects: readonly string[],
): Promise<{ exitCode: number; output: string }> {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  try {
    const { stdout } = await run(process.execPath, [tsc, '-b', ...projects, '--pretty', 'false'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { exitCode: 0, output: stdout };
  } catch (error: unknown) {
    const failure = error as { code?: unknown; stdout?: unknown };
    return {
      exitCode: typeof failure.code === 'number' ? failure.code : -1,
      output: String(failure.stdout),
    };
  }
}

/** Diagnostics that tsc printed for one file (other files' errors are not ours to judge). */
function tscErrorsFor(output: string, file: string): string[] {
  return output.split('\n').filter((line) => line.startsWith(`${file}(`));
}

function lintMessages(name: FixtureName): string[] {
  const result = lintByFile.get(path.join(root, fixtures[name].file));
  if (result === undefined) throw new Error(`ESLint did not lint ${fixtures[name].file}`);
  return result.messages.map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`);
}

describe('import boundaries fail the build', () => {
  beforeAll(async () => {
    await Promise.all(
      fixtureNames.map((name) =>
        writeFile(path.join(root, fixtures[name].file), fixtures[name].source),
      ),
    );
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(fixtureNames.map((name) => fixtures[name].file));
    lintByFile = new Map(results.map((result) => [result.filePath, result]));
    tscBuild = await buildProjects(['tsconfig.renderer.json', 'tsconfig.demo.json']);
  });

  afterAll(async () => {
    // Remove the fixtures and whatever tsc -b emitted for them (.d.ts and .d.ts.map).
    const emitted = fixtureNames.flatMap((name) => {
      const file = fixtures[name].file;
      const project = outDirs[file.slice(0, file.indexOf('/'))];
      if (project === undefined) throw new Error(`no output folder for ${file}`);
      const base = path.join(root, 'out/tsc', project, file.replace(/\.ts$/, ''));
      return [`${base}.d.ts`, `${base}.d.ts.map`];
    });
    await Promise.all(
      [...fixtureNames.map((name) => path.join(root, fixtures[name].file)), ...emitted].map(
        (file) => rm(file, { force: true }),
      ),
    );
    await Promise.all(
      pulledAcross.map((dir) => rm(path.join(root, dir), { recursive: true, force: true })),
    );
  });

  it('a renderer file importing node:fs fails ESLint', () => {
    // Type-aware rules may add their own complaints about the unresolved import.
    expect(lintMessages('rendererNodeImport')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-imports: .*'node:fs'/)]),
    );
  });

  it('a renderer file importing node:fs fails tsc (no Node types in the renderer)', () => {
    expect(tscBuild.exitCode).not.toBe(0);
    const errors = tscErrorsFor(tscBuild.output, fixtures.rendererNodeImport.file);
    expect(errors).toEqual([expect.stringMatching(/error TS2307: .*'node:fs'/)]);
  });

  it('a src-shared file importing electron fails ESLint', () => {
    expect(lintMessages('sharedElectronImport')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-imports: .*'electron'/)]),
    );
  });

  it('a renderer file importing from src-shared passes both checks', () => {
    expect(lintMessages('rendererControl')).toEqual([]);
    expect(tscErrorsFor(tscBuild.output, fixtures.rendererControl.file)).toEqual([]);
  });

  it('a src-shared file importing demo-generator fails ESLint and tsc', () => {
    expect(lintMessages('sharedDemoImport')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-restricted-imports: .*Do not import from demo-generator\//),
      ]),
    );
    expect(tscErrorsFor(tscBuild.output, fixtures.sharedDemoImport.file)).toEqual([
      expect.stringMatching(/error TS6307: .*demo-generator\/demo-scale\.ts' is not listed/),
    ]);
  });

  it('a demo-generator file importing sync-server fails ESLint and tsc', () => {
    expect(lintMessages('demoServerImport')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-restricted-imports: .*Do not import from sync-server\//),
      ]),
    );
    expect(tscErrorsFor(tscBuild.output, fixtures.demoServerImport.file)).toEqual([
      expect.stringMatching(
        /error TS6307: .*sync-server\/support\/service-error\.ts' is not listed/,
      ),
    ]);
  });

  it('a demo-generator file importing from src-shared passes both checks', () => {
    expect(lintMessages('demoControl')).toEqual([]);
    expect(tscErrorsFor(tscBuild.output, fixtures.demoControl.file)).toEqual([]);
  });
});
