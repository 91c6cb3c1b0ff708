import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { deskStatus } from '../../src-main/sync/sync-status';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { deskChecksums, repairTables, verifyDesk } from '../../src-main/sync/verify-and-repair';
import { signInStaff } from '../../src-main/staff/staff-sign-in';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import type { ServerOnlyTables } from '../../sync-server/db/server-tables';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { TEST_PIN_COST } from '../server/support/server-harness';
import { createSyncWorld, type SyncWorld } from '../sync/sync-harness';

const PACK_DEFINITION_ID = '01900000-0000-7000-8000-00000000a001';
const PRODUCT_ID = '01900000-0000-7000-8000-00000000a002';

/**
 * A staff role calling a mutation it may not (R1.4, R2.4): the desk refuses and writes
 * nothing; a desk that lies about a member's roles is found out by the server, which reads
 * roles from its own tenant_roles, refuses, and records the refusal.
 */
describe('staff authority at the desk and at the server (issue 7, auth)', () => {
  let world: SyncWorld;
  let desk: Desk;
  const staff: Record<'frontDesk' | 'instructor', string> = { frontDesk: '', instructor: '' };

  beforeAll(async () => {
    world = await createSyncWorld('postgres');
    const deps = { db: world.database.db, clock: world.clock };
    const tenantId = world.studio.tenantId;
    for (const [key, role, pin] of [
      ['frontDesk', 'front_desk', '2468'],
      ['instructor', 'instructor', '1357'],
    ] as const) {
      const added = await addStaff(
        deps,
        {
          tenantId,
          email: `${key.toLowerCase()}-${world.studio.slug}@example.com`,
          firstName: key,
          lastName: 'Staff',
          role,
          pin,
        },
        TEST_PIN_COST,
      );
      staff[key] = added.memberId;
    }
    const at = '2026-11-01T09:00:00.000Z';
    await world.database.db
      .insertInto('class_pack_definitions')
      .values({
        id: PACK_DEFINITION_ID,
        tenant_id: tenantId,
        name: '5-class pack',
        credits: 5,
        price: 6000,
        validity_days: null,
        active: 1,
        created_at: at,
      })
      .execute();
    await world.database.db
      .insertInto('products')
      .values({
        id: PRODUCT_ID,
        tenant_id: tenantId,
        name: 'Water',
        price: 300,
        stock_quantity: null,
        taxable: 0,
        active: 1,
        created_at: at,
      })
      .execute();
    desk = await world.enrollNewDesk('Front desk');
  });
  afterAll(() => world.dispose());

  const outboxSize = async () =>
    (
      await desk.db
        .selectFrom('desk_outbox')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  it('R1.4 at the desk a role without the right is refused and nothing is written', async () => {
    const external = (amount: number) => [{ method: 'external', amount, reference: 'ref 1' }];
    const cases: [keyof typeof staff, string, unknown][] = [
      [
        'instructor',
        'pos.sale',
        {
          lines: [{ kind: 'product', productId: PRODUCT_ID, quantity: 1, unitPrice: 300 }],
          tenders: external(300),
        },
      ],
      ['instructor', 'giftCard.sell', { amount: 1000, tenders: external(1000) }],
      ['instructor', 'drawer.open', { openingFloat: 0 }],
      ['frontDesk', 'drawer.close', { countedAmount: 0 }],
      // A price override is a manager's call even inside a sale the desk may make.
      [
        'frontDesk',
        'pack.sell',
        {
          memberId: world.studio.ownerId,
          packDefinitionId: PACK_DEFINITION_ID,
          unitPrice: 1,
          overrideReason: 'friends and family',
          tenders: external(1),
        },
      ],
    ];
    const before = { outbox: await outboxSize(), rows: deskChecksums(desk) };
    for (const [who, name, args] of cases) {
      const refusal = await runDeskMutation(desk, staff[who], name, args).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal, `${who} ${name}`).toBeInstanceOf(MutationRefusal);
      expect(refusal, `${who} ${name}`).toMatchObject({ code: 'forbidden' });
    }
    expect(await outboxSize()).toBe(before.outbox);
    expect(deskChecksums(desk)).toEqual(before.rows);
  });

  it('R1.4 a desk that lies about roles is refused by the server, which records it', async () => {
    const tenantId = world.studio.tenantId;
    const frida = await signInStaff(
      desk,
      { email: `frontdesk-${world.studio.slug}@example.com` },
      '2468',
    );
    // The desk's copy is tampered with: front desk staff now "hold" the manager role.
    desk.sqlite
      .prepare(
        `insert into tenant_roles (tenant_id, member_id, role, granted_at) values (?, ?, 'manager', ?)`,
      )
      .run(tenantId, frida, '2026-11-01T09:00:00.000Z');
    await runDeskMutation(desk, frida, 'drawer.open', { openingFloat: 5000 });
    const closed = await runDeskMutation(desk, frida, 'drawer.close', { countedAmount: 5000 });

    const report = await syncOnce(desk, world.transport(desk));
    expect(report).toMatchObject({ pushed: 2, refused: 1 });
    const log = await world.database.db
      .withTables<ServerOnlyTables>()
      .selectFrom('mutation_log')
      .select(['mutation_id', 'name', 'outcome', 'code'])
      .where('tenant_id', '=', tenantId)
      .where('device_id', '=', desk.identity?.deviceId ?? '')
      .orderBy('seq')
      .execute();
    expect(log.map((r) => [r.name, r.outcome, r.code])).toEqual([
      ['drawer.open', 'applied', null],
      ['drawer.close', 'refused', 'forbidden'],
    ]);
    expect(log[1]?.mutation_id).toBe(closed.mutationId);
    const sessions = await world.database.db
      .selectFrom('cash_drawer_sessions')
      .select(['status', 'closed_by'])
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(sessions).toEqual([{ status: 'open', closed_by: null }]);
    const roles = await world.database.db
      .selectFrom('tenant_roles')
      .select('role')
      .where('tenant_id', '=', tenantId)
      .where('member_id', '=', frida)
      .execute();
    expect(roles).toEqual([{ role: 'front_desk' }]);

    // The desk shows the refusal until staff dismiss it (R3.4).
    expect((await deskStatus(desk)).problems).toMatchObject([
      { name: 'drawer.close', code: 'forbidden' },
    ]);
    // The pull brought the server's open session back; rows only the refused close wrote
    // (its audit entry) and the lie itself remain, verify finds them, and a repair puts the
    // server's rows back, after which the desk refuses the close itself.
    const local = await desk.db.selectFrom('cash_drawer_sessions').select('status').execute();
    expect(local).toEqual([{ status: 'open' }]);
    const verified = await verifyDesk(desk, world.transport(desk));
    const differing = verified.mismatched.map((m) => m.table).sort();
    expect(differing).toContain('tenant_roles');
    await repairTables(desk, world.transport(desk), differing);
    expect((await verifyDesk(desk, world.transport(desk))).matches).toBe(true);
    await expect(
      runDeskMutation(desk, frida, 'drawer.close', { countedAmount: 5000 }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
