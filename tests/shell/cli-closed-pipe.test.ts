// `deskctl export | head -c 0`: a reader that stops early ends the CLI quietly.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk } from '../../src-main/store/open-desk';
import { DESKCTL, runCli, SERVERCTL, STACK_FRAME } from '../support/cli-process';

describe('the command-line tools with their stdout closed early', () => {
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'studio-desk-pipe-'));
    dataDir = join(base, 'desk');
    // export reads whatever the desk holds; an empty desk still prints its row counts.
    await (await openDesk({ dataDir })).close();
  });

  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
  });

  const cases: [string, string, () => string[]][] = [
    ['deskctl export', DESKCTL, () => ['--data', dataDir, 'export', '--out', join(base, 'out')]],
    ['deskctl mutations', DESKCTL, () => ['mutations']],
    ['serverctl --help', SERVERCTL, () => ['--help']],
  ];

  it.each(cases)('%s prints to an open pipe', async (_name, script, args) => {
    const outcome = await runCli(script, args());
    expect(outcome.code).toBe(0);
    // Output really is written, so closing the pipe below makes a write fail.
    expect(outcome.stdout.length).toBeGreaterThan(0);
  });

  it.each(cases)(
    '%s ends with its own exit code and no stack trace when the pipe is closed',
    async (_name, script, args) => {
      const outcome = await runCli(script, args(), { closeStdout: true });
      expect(outcome.stderr).not.toMatch(STACK_FRAME);
      expect(outcome.stderr).not.toContain('EPIPE');
      expect({ code: outcome.code, signal: outcome.signal }).toEqual({ code: 0, signal: null });
    },
  );

  it('deskctl export still writes its files when nobody reads the counts', async () => {
    const out = join(base, 'out-unread');
    const outcome = await runCli(DESKCTL, ['--data', dataDir, 'export', '--out', out], {
      closeStdout: true,
    });
    expect(outcome.code).toBe(0);
    expect(existsSync(join(out, 'tenants.jsonl'))).toBe(true);
  });
});
