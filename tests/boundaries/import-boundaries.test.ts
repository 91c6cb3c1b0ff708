// Proves that the folder boundaries of STYLE.md habit 1 fail the build, by writing real
// offending files into the real folders and running the real checks on them.
//
// Which gate catches what:
// - renderer importing `node:fs`: BOTH. ESLint's no-restricted-imports, and tsc, because
//   tsconfig.renderer.json has `types: []`, so no Node declarations exist there (TS2307).
// - src-shared importing `electron`: ESLint ONLY. tsc accepts it, because the electron
//   package ships its own declarations, which pull in Node's types by reference.
// A control file (the renderer importing from src-shared) must pass both, so these
// tests cannot pass merely because the checks fail on everything.
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
} as const;

type FixtureName = keyof typeof fixtures;
const fixtureNames = Object.keys(fixtures) as readonly FixtureName[];

let lintByFile: ReadonlyMap<string, ESLint.LintResult>;
let rendererTsc: { readonly exitCode: number; readonly output: string };

/** `tsc -b` (what `npm run typecheck` runs) on one boundary project. */
async function buildProject(project: string): Promise<{ exitCode: number; output: string }> {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  try {
    const { stdout } = await run(process.execPath, [tsc, '-b', project, '--pretty', 'false'], {
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
    rendererTsc = await buildProject('tsconfig.renderer.json');
  });

  afterAll(async () => {
    // Remove the fixtures and whatever tsc -b emitted for them (.d.ts and .d.ts.map).
    const emitted = fixtureNames.flatMap((name) => {
      const file = fixtures[name].file;
      const project = file.startsWith('src-shared/') ? 'shared' : 'renderer';
      const base = path.join(root, 'out/tsc', project, file.replace(/\.ts$/, ''));
      return [`${base}.d.ts`, `${base}.d.ts.map`];
    });
    await Promise.all(
      [...fixtureNames.map((name) => path.join(root, fixtures[name].file)), ...emitted].map(
        (file) => rm(file, { force: true }),
      ),
    );
  });

  it('a renderer file importing node:fs fails ESLint', () => {
    // Type-aware rules may add their own complaints about the unresolved import.
    expect(lintMessages('rendererNodeImport')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-imports: .*'node:fs'/)]),
    );
  });

  it('a renderer file importing node:fs fails tsc (no Node types in the renderer)', () => {
    expect(rendererTsc.exitCode).not.toBe(0);
    const errors = tscErrorsFor(rendererTsc.output, fixtures.rendererNodeImport.file);
    expect(errors).toEqual([expect.stringMatching(/error TS2307: .*'node:fs'/)]);
  });

  it('a src-shared file importing electron fails ESLint', () => {
    expect(lintMessages('sharedElectronImport')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-imports: .*'electron'/)]),
    );
  });

  it('a renderer file importing from src-shared passes both checks', () => {
    expect(lintMessages('rendererControl')).toEqual([]);
    expect(tscErrorsFor(rendererTsc.output, fixtures.rendererControl.file)).toEqual([]);
  });
});
