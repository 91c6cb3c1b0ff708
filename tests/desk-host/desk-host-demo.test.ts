import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_DEMO_PHASES, type DeskEvent } from '../../src-shared/bridge/desk-events';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import { createDeskHost, type DeskHost } from '../../src-main/bridge/desk-host';
import { inProcessDemoServer } from '../../scripts/support/in-process-demo-server';
import { startEscPosRecorder } from '../hardware/printing/escpos-recorder';
import { eventually } from '../sync/sync-harness';

let root: string;
let host: DeskHost;
const events: DeskEvent[] = [];

const open = () =>
  createDeskHost({
    dataDir: join(root, 'desk'),
    demoDir: join(root, 'demo-server'),
    shell: 'test',
    launchDemo: inProcessDemoServer,
    maxBackoffMs: 200,
  });

async function ok<M extends keyof DeskMethodResults>(
  method: M,
  args: unknown = {},
): Promise<DeskMethodResults[M]> {
  const reply = await host.invoke(method, args);
  if (!reply.ok) throw new Error(`${method} refused: ${reply.error.code} ${reply.error.message}`);
  return reply.value as DeskMethodResults[M];
}

async function refusal(method: string, args: unknown = {}) {
  const reply = await host.invoke(method, args);
  if (reply.ok) throw new Error(`${method} was expected to be refused`);
  return reply.error;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'desk-host-'));
  host = await open();
  host.subscribe((event) => events.push(event));
});

afterAll(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the desk host with the demo studio', () => {
  it('starts unenrolled and opens the demo studio, showing each step and its progress', async () => {
    expect(await ok('setup.state')).toEqual({ enrolled: false, tenantName: null });
    expect(await ok('staff.list')).toEqual([]);
    const opened = await ok('setup.openDemo');
    expect(opened.tenantName).toBe('Harbor Yoga');

    const steps = events.flatMap((e) =>
      e.type === 'progress' && e.task === 'openDemo' ? [e] : [],
    );
    // A fresh demo folder: every step runs, in order, each reported until the next begins.
    const phases = steps.map((s) => s.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toEqual([...OPEN_DEMO_PHASES]);
    for (const step of steps) {
      expect(step.done).toBeGreaterThanOrEqual(0);
      expect(step.done).toBeLessThanOrEqual(step.total);
    }
    // The counted steps only move forward and end with the whole: rows loaded, then synced.
    for (const counted of ['loadRows', 'initialSync'] as const) {
      const reports = steps.filter((s) => s.phase === counted && s.total > 0);
      expect(reports.length).toBeGreaterThan(1);
      const done = reports.map((r) => r.done);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      const end = reports.at(-1);
      expect(end?.total).toBeGreaterThan(1_000);
      expect(end?.done).toBe(end?.total);
    }
    expect(steps.at(-1)?.phase).toBe('initialSync');
    // The initial sync is reported as a step of opening the demo, not as a task of its own.
    expect(events.some((e) => e.type === 'progress' && e.task === 'initialSync')).toBe(false);
    expect(await ok('setup.state')).toEqual({ enrolled: true, tenantName: 'Harbor Yoga' });
    expect((await refusal('setup.openDemo')).code).toBe('already_enrolled');
  });

  it('signs staff in by PIN and refuses writes while locked', async () => {
    const staff = await ok('staff.list');
    expect(staff.length).toBeGreaterThan(0);
    const owner = staff.find((s) => s.roles.includes('owner')) ?? staff[0];
    if (!owner) throw new Error('the demo studio has no staff');
    const create = {
      name: 'member.create',
      args: { firstName: 'Host', lastName: 'Tester', email: 'host.tester@example.com' },
    };
    expect((await refusal('desk.mutate', create)).code).toBe('not_signed_in');
    expect((await refusal('staff.signIn', { memberId: owner.memberId, pin: '9999' })).code).toBe(
      'wrong_pin',
    );
    expect(await ok('staff.signIn', { memberId: owner.memberId, pin: '1234' })).toEqual(owner);
    expect(await ok('staff.current')).toEqual(owner);
    const created = await ok('desk.mutate', create);
    expect(created.seq).toBeGreaterThan(0);
    const found = await ok('desk.query', { name: 'member.find', args: { text: 'Tester' } });
    expect(JSON.stringify(found)).toContain('"lastName":"Tester"');
  });

  it('syncs the change to the demo server and verifies against it', async () => {
    const status = await ok('sync.now');
    expect(status.online).toBe(true);
    expect(status.pending).toBe(0);
    expect(events.some((e) => e.type === 'sync' && e.status.pending === 0)).toBe(true);
    const verified = await ok('sync.verify');
    expect(verified.matches).toBe(true);
  });

  it('refuses bad calls with a reason and changes nothing', async () => {
    const before = await ok('sync.status');
    expect((await refusal('nope.nothing')).code).toBe('invalid');
    expect(
      (await refusal('desk.mutate', { name: 'member.create', args: { firstName: 7 } })).code,
    ).toBe('invalid');
    expect((await refusal('desk.mutate', { name: 'pos.nothing', args: {} })).code).toBe(
      'unknown_mutation',
    );
    expect((await refusal('desk.query', { name: 'member.nothing', args: {} })).code).toBe(
      'unknown_query',
    );
    expect((await refusal('sync.dismissProblem', { seq: 999 })).code).toBe('not_found');
    // A card tender whose PaymentIntent this desk never saw captured is not recorded as paid.
    const unconfirmedCard = {
      name: 'giftCard.sell',
      args: {
        amount: 2500,
        tenders: [{ method: 'card', amount: 2500, paymentIntentId: 'pi_never_captured' }],
      },
    };
    expect((await refusal('desk.mutate', unconfirmedCard)).code).toBe('card_not_confirmed');
    expect((await ok('sync.status')).pending).toBe(before.pending);
  });

  it('opens the cash drawer after a cash sale, and a dead printer never blocks the sale', async () => {
    const printer = await startEscPosRecorder();
    try {
      await ok('printer.saveSettings', {
        settings: {
          connection: { type: 'network', host: printer.host, port: printer.port },
          driver: 'epson',
          paperWidth: 48,
          openDrawerOnCash: true,
        },
      });
      await ok('desk.mutate', { name: 'drawer.open', args: { openingFloat: 10_000 } });
      const cashSale = {
        name: 'giftCard.sell',
        args: { amount: 1500, tenders: [{ method: 'cash', amount: 1500, tendered: 2000 }] },
      };
      await ok('desk.mutate', cashSale);
      const [pulse] = await printer.waitForJobs(1);
      expect(pulse?.includes(Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]))).toBe(true);
    } finally {
      await printer.close();
    }
    // The printer is gone now: the next cash sale is still recorded.
    const before = (await ok('sync.status')).pending;
    const sold = await ok('desk.mutate', {
      name: 'giftCard.sell',
      args: { amount: 1000, tenders: [{ method: 'cash', amount: 1000, tendered: 1000 }] },
    });
    expect(sold.seq).toBeGreaterThan(0);
    const printed = await ok('printer.testPrint');
    expect(printed.printed).toBe(false);
    expect(printed.message).toMatch(/printer/i);
    expect((await ok('sync.now')).pending).toBeLessThanOrEqual(before + 1);
  });

  it('reopens as the same demo desk, with its server back on the same port', async () => {
    await ok('staff.signOut');
    await host.close();
    host = await open();
    expect(await ok('setup.state')).toEqual({ enrolled: true, tenantName: 'Harbor Yoga' });
    expect(await ok('staff.current')).toBeNull();
    // The demo server comes back in the background; the desk is offline until it does.
    await eventually(async () => ((await ok('sync.now')).online ? true : undefined), 30_000);
    expect((await ok('sync.verify')).matches).toBe(true);
  });
});
