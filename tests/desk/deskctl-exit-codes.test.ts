// README, "Command-line tools": exit 2 for bad input, 1 for a refusal, nothing changed.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_DATABASE_FILE } from '../../src-main/store/open-desk';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { DESKCTL, runCli, STACK_FRAME } from '../support/cli-process';
import { addStaffMember, createEnrolledDesk } from './desk-harness';

describe('deskctl do', () => {
  let dataDir: string;

  beforeAll(async () => {
    const enrolled = await createEnrolledDesk();
    dataDir = enrolled.dataDir;
    await addStaffMember(enrolled.desk, 'frank@example.com', ['front_desk']);
    await signInStaff(enrolled.desk, { email: 'frank@example.com' }, '2468');
    // The CLI opens the file itself; this process lets go of it first.
    await enrolled.desk.close();
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const deskctl = (...args: string[]) => runCli(DESKCTL, ['--data', dataDir, ...args]);

  /** What the desk recorded: its outbox and its drawer sessions. */
  function recorded() {
    const sqlite = new BetterSqlite3(join(dataDir, DESK_DATABASE_FILE), { readonly: true });
    try {
      const count = (table: string) =>
        (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      return { outbox: count('desk_outbox'), drawers: count('cash_drawer_sessions') };
    } finally {
      sqlite.close();
    }
  }

  it.each([
    ['arguments its schema refuses', ['{"openingFloat":"lots"}'], /drawer\.open: openingFloat: /],
    ['an argument it does not know', ['{"openingFloat":0,"tip":1}'], /drawer\.open: .*tip/],
    ['JSON that does not parse', ['{openingFloat'], /--json is not valid JSON/],
  ])('exits 2 for %s, says what is wrong and changes nothing', async (_what, json, message) => {
    const before = recorded();
    const outcome = await deskctl('do', 'drawer.open', '--json', ...json);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(message);
    expect(outcome.stderr).not.toMatch(STACK_FRAME);
    expect(outcome.stdout).toBe('');
    expect(recorded()).toEqual(before);
  });

  it('exits 2 for a mutation that does not exist, naming the command that lists them', async () => {
    const outcome = await deskctl('do', 'drawer.explode', '--json', '{}');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('no mutation is named "drawer.explode"');
    expect(outcome.stderr).toContain('deskctl mutations');
  });

  it('exits 1 when the rules refuse valid arguments, and records nothing for the refusal', async () => {
    const opened = await deskctl('do', 'drawer.open', '--json', '{"openingFloat":10000}');
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.stdout)).toMatchObject({ seq: expect.any(Number) as unknown });
    const after = recorded();

    const again = await deskctl('do', 'drawer.open', '--json', '{"openingFloat":10000}');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already open');
    expect(again.stderr).not.toMatch(STACK_FRAME);
    expect(recorded()).toEqual(after);
  });

  it('exits 2 for query arguments the query refuses', async () => {
    const outcome = await deskctl('query', 'member.find', '--json', '{"text":5}');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/member\.find: text: /);
  });
});
