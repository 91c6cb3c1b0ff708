// STYLE.md "Declare an operation once": a mutation's arguments, result, roles and effects
// belong to its shared definition; screens and hosts derive their types from it and keep no
// list of names. These tests make that a gate:
// - ESLint fails on a type keyed by an operation's name outside src-shared (the renderer's
//   old hand-written `DeskMutations` map was one);
// - tsc, under the renderer's own compiler options, fails on a screen's call of a mutation
//   whose arguments its schema refuses, or whose result it misreads;
// - a scan finds types elsewhere that restate a mutation's arguments without its name, and
//   mutation names written out in the desk host or the server.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argumentCopies, mutationArgumentKeys, mutationNames, scan } from './operation-copies';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tag = `${process.pid}-${randomUUID().slice(0, 8)}`;

/** Every folder outside src-shared whose code is shipped (tests may write arguments out). */
const OUTSIDE_SHARED = ['src-renderer', 'src-main', 'sync-server', 'demo-generator'];

const lintFixtures = {
  nameKeyed: {
    file: `src-renderer/boundary-fixture-${tag}-mutation-map.ts`,
    source:
      'export interface DeskMutations {\n' +
      "  'pos.sale': { args: { lines: string[] }; result: { orderId: string } };\n" +
      '}\n',
  },
  derived: {
    file: `src-renderer/boundary-fixture-${tag}-derived.ts`,
    source:
      "import type { MutationArgs } from '../src-shared/bridge/desk-operations';\n\n" +
      "export type SaleArgs = MutationArgs<'pos.sale'>;\n",
  },
} as const;

// Compiled outside every tsc -b project, so a deliberately wrong file never fails another
// build: a program of its own with the renderer's compiler options.
const callsDir = path.join(root, `out/boundary-fixture-${tag}`);
const CALLS = [
  "import type { DeskApi } from '../../src-renderer/desk/desk-context';",
  '',
  'export async function calls(desk: DeskApi): Promise<string> {',
  "  await desk.mutate('pos.sale', { lines: [], tenders: [], tip: 100 });",
  "  await desk.mutate('booking.checkInMember', { classId: 'c' });",
  "  await desk.mutate('booking.checkInMember', { classId: 'c', memberId: 'm', paidBy: { method: 'drop_in' } });",
  "  await desk.mutate('pos.sael', {});",
  "  const checkedIn = await desk.mutate('booking.checkInMember', { classId: 'c', memberId: 'm' });",
  '  const left: number = checkedIn.packCreditsLeft;',
  "  await desk.mutate('booking.book', { classId: 'c', memberId: 'm', paidBy: { method: 'free' } });",
  "  const sale = await desk.mutate('pos.sale', { lines: [], tenders: [{ method: 'cash', amount: 5, tendered: 10 }] });",
  "  const options = await desk.query('booking.options', { memberId: 'm', classId: 'c', at: 'now' });",
  '  return `${sale.receiptNumber} ${checkedIn.paidBy} ${left} ${options.classStatus}`;',
  '}',
  '',
].join('\n');
/** The lines of CALLS that must not compile, and only those. */
const REFUSED_LINES = [4, 5, 6, 7, 9];

let lintByFile: ReadonlyMap<string, ESLint.LintResult>;
let callsTsc: string;

async function compileCalls(): Promise<string> {
  await mkdir(callsDir, { recursive: true });
  await writeFile(path.join(callsDir, 'renderer-calls.ts'), CALLS);
  await writeFile(
    path.join(callsDir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.renderer.json',
      compilerOptions: { noEmit: true, composite: false, incremental: false },
      include: ['renderer-calls.ts'],
    }),
  );
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  try {
    await run(process.execPath, [tsc, '-p', callsDir, '--pretty', 'false'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    return '';
  } catch (error: unknown) {
    return String((error as { stdout?: unknown }).stdout);
  }
}

describe('an operation is declared once, in src-shared', () => {
  beforeAll(async () => {
    const names = Object.values(lintFixtures);
    await Promise.all(names.map((f) => writeFile(path.join(root, f.file), f.source)));
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(names.map((f) => f.file));
    lintByFile = new Map(results.map((result) => [result.filePath, result]));
    callsTsc = await compileCalls();
  });

  afterAll(async () => {
    await Promise.all(
      Object.values(lintFixtures).map((f) => rm(path.join(root, f.file), { force: true })),
    );
    await rm(callsDir, { recursive: true, force: true });
  });

  const lintMessages = (fixture: keyof typeof lintFixtures) =>
    (lintByFile.get(path.join(root, lintFixtures[fixture].file))?.messages ?? []).map(
      (m) => `${m.ruleId ?? 'parser'}: ${m.message}`,
    );

  it('ESLint fails on a type keyed by a mutation name outside src-shared', () => {
    expect(lintMessages('nameKeyed')).toEqual([
      expect.stringMatching(/^no-restricted-syntax: Declare an operation once/),
    ]);
    expect(lintMessages('derived')).toEqual([]);
  });

  it('tsc checks a screen’s call against the mutation’s shared schema and result', () => {
    const refused = callsTsc
      .split('\n')
      .filter((line) => line.includes('renderer-calls.ts('))
      .map((line) => Number(/renderer-calls\.ts\((\d+),/.exec(line)?.[1]));
    expect([...new Set(refused)]).toEqual(REFUSED_LINES);
    // Nothing else in the program failed: the valid calls and the imports compile.
    expect(
      callsTsc.split('\n').filter((l) => /error TS/.test(l) && !l.includes('renderer-calls.ts')),
    ).toEqual([]);
  });

  it('finds a copy of a mutation’s arguments that is not keyed by its name', () => {
    const keys = mutationArgumentKeys();
    // The renderer's hand-written copies before issue 16, in two of their forms.
    const copy =
      'interface MemberProfileArgs { firstName: string; lastName: string; email: string; phone?: string }\n' +
      'type Move = { type: "paid_in" | "paid_out"; amount: number; reason: string };\n' +
      'interface Target { memberId: string; memberName: string; classId: string }\n';
    expect(argumentCopies('copy.ts', copy, keys).map((f) => [f.line, f.what])).toEqual([
      [1, 'the arguments of member.create (firstName, lastName, email, phone)'],
      [2, 'the arguments of drawer.move (type, amount, reason)'],
    ]);
  });

  it('no code outside src-shared restates a mutation’s arguments', () => {
    const keys = mutationArgumentKeys();
    expect(scan(root, OUTSIDE_SHARED, (file, text) => argumentCopies(file, text, keys))).toEqual(
      [],
    );
  });

  it('the desk host and the server keep no list of mutation names', () => {
    // Payment and cash effects come from each definition's `effects` (src-main/bridge/desk-host.ts).
    expect(mutationNames('host.ts', "const TAKES_PAYMENT = new Set(['pos.sale']);")).toEqual([
      { file: 'host.ts', line: 1, what: 'the name pos.sale' },
    ]);
    expect(scan(root, ['src-main/bridge', 'sync-server'], mutationNames)).toEqual([]);
  });
});
