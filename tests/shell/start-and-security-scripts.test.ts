// `npm start`'s Electron check and the electronegativity gate's decision logic.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gateFindings,
  parseAllowList,
  parseSarifFindings,
} from '../../scripts/check-electronegativity';
import { ensureElectronBinary, findElectronBinary } from '../../scripts/start-electron';

const root = path.resolve(import.meta.dirname, '../..');
let base: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'start-electron-'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('findElectronBinary', () => {
  it('reports a skipped download, a missing binary, and a present one', async () => {
    const skipped = path.join(base, 'skipped');
    await mkdir(skipped, { recursive: true });
    expect(findElectronBinary(skipped, {})).toMatchObject({
      found: false,
      reason: expect.stringContaining('ELECTRON_SKIP_BINARY_DOWNLOAD') as unknown,
    });

    const installed = path.join(base, 'installed');
    await mkdir(path.join(installed, 'dist'), { recursive: true });
    await writeFile(path.join(installed, 'path.txt'), 'electron');
    expect(findElectronBinary(installed, {})).toMatchObject({ found: false });
    await writeFile(path.join(installed, 'dist/electron'), '#!/bin/sh\n');
    await chmod(path.join(installed, 'dist/electron'), 0o755);
    expect(findElectronBinary(installed, {})).toEqual({
      found: true,
      executable: path.join(installed, 'dist/electron'),
    });
    // An override that points nowhere is reported, not silently ignored.
    expect(
      findElectronBinary(installed, { ELECTRON_OVERRIDE_DIST_PATH: path.join(base, 'none') }),
    ).toMatchObject({ found: false });
  });

  it("fetches the binary with Electron's installer on first use, then finds it", async () => {
    const fresh = path.join(base, 'fresh');
    await mkdir(fresh, { recursive: true });
    const said: string[] = [];
    const installed: string[] = [];
    const binary = ensureElectronBinary(
      fresh,
      {},
      (script) => {
        installed.push(script);
        // What Electron's install.js leaves behind: the binary and path.txt naming it.
        mkdirSync(path.join(fresh, 'dist'), { recursive: true });
        writeFileSync(path.join(fresh, 'dist/electron'), '#!/bin/sh\n', { mode: 0o755 });
        writeFileSync(path.join(fresh, 'path.txt'), 'electron');
        return true;
      },
      (line) => said.push(line),
    );
    expect(installed).toEqual([path.join(fresh, 'install.js')]);
    expect(said.join('\n')).toContain('fetching it once');
    expect(binary).toEqual({ found: true, executable: path.join(fresh, 'dist/electron') });
    // Installed: the next start does not run the installer again.
    const again = ensureElectronBinary(fresh, {}, () => {
      throw new Error('the installer must not run twice');
    });
    expect(again.found).toBe(true);
  });

  it('says why when the installer fails', () => {
    const binary = ensureElectronBinary(
      path.join(base, 'offline'),
      {},
      () => false,
      () => undefined,
    );
    expect(binary).toMatchObject({
      found: false,
      reason: expect.stringContaining("Electron's installer could not fetch it") as unknown,
    });
  });

  it('makes npm start name the browser-mode command and exit non-zero when Electron cannot be had', async () => {
    const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
    const outcome = await promisify(execFile)(
      process.execPath,
      [tsx, path.join(root, 'scripts/start-electron.ts')],
      { cwd: root, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(base, 'none') } },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: unknown) => ({
        code: error instanceof Error && 'code' in error ? error.code : undefined,
        stderr: error instanceof Error && 'stderr' in error ? String(error.stderr) : '',
      }),
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('The desk window cannot open here');
    expect(outcome.stderr).toContain('npm run start:browser');
  });
});

describe('electronegativity gate', () => {
  const allowList = parseAllowList({
    excludedChecks: [],
    accepted: [
      {
        check: 'PRELOAD_JS_CHECK',
        file: 'src-main/main/main-window.ts',
        reason: 'reviewed: it exposes two functions only',
      },
      {
        check: 'CSP_GLOBAL_CHECK',
        file: 'src-renderer/index.html',
        reason: 'Stripe requires its CDN script.',
      },
    ],
  });
  const sarif = (results: { ruleId: string; uri: string }[]) => ({
    runs: [
      {
        results: results.map(({ ruleId, uri }) => ({
          ruleId,
          level: 'note',
          message: { text: `${ruleId} message` },
          locations: [
            { physicalLocation: { artifactLocation: { uri }, region: { startLine: 3 } } },
          ],
        })),
      },
    ],
  });

  it('passes accepted findings and fails new ones, naming them', () => {
    const findings = parseSarifFindings(
      sarif([
        { ruleId: 'PRELOAD_JS_CHECK', uri: 'src-main/main/main-window.ts' },
        { ruleId: 'CSP_GLOBAL_CHECK', uri: 'src-renderer/index.html' },
        { ruleId: 'NODE_INTEGRATION_JS_CHECK', uri: 'src-main/main/main-window.ts' },
        { ruleId: 'PRELOAD_JS_CHECK', uri: 'src-main/main/other-window.ts' },
      ]),
    );
    const { unaccepted, stale } = gateFindings(findings, allowList);
    expect(unaccepted.map((f) => `${f.check} ${f.file}:${f.line}`)).toEqual([
      'NODE_INTEGRATION_JS_CHECK src-main/main/main-window.ts:3',
      'PRELOAD_JS_CHECK src-main/main/other-window.ts:3',
    ]);
    expect(stale).toEqual([]);
  });

  it('fails on accepted entries that no longer match, so the list cannot rot', () => {
    const findings = parseSarifFindings(
      sarif([{ ruleId: 'PRELOAD_JS_CHECK', uri: 'src-main/main/main-window.ts' }]),
    );
    const { unaccepted, stale } = gateFindings(findings, allowList);
    expect(unaccepted).toEqual([]);
    expect(stale.map((e) => e.check)).toEqual(['CSP_GLOBAL_CHECK']);
  });

  it('refuses an allow-list entry without a real reason', () => {
    expect(() =>
      parseAllowList({
        excludedChecks: [],
        accepted: [{ check: 'SANDBOX_JS_CHECK', file: 'a.ts', reason: 'ok' }],
      }),
    ).toThrow();
  });
});
