import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pullResponseSchema,
  type PullResponse,
  type SyncRow,
} from '../../src-shared/protocol/sync-messages';
import { canonicalRow } from '../../src-shared/sync/row-checksum';
import { rowKey, syncedTables, type SyncedTable } from '../../src-shared/sync/synced-tables';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { pushOutbox, syncOnce } from '../../src-main/sync/sync-engine';
import type { SyncTransport } from '../../src-main/sync/sync-transport';
import { verifyDesk } from '../../src-main/sync/verify-and-repair';
import { serverBackends } from '../server/support/server-harness';
import type { SyncWorld } from './sync-harness';
import { FULL, synchronousSettings } from './synchronous-settings';
import { MAT_PRODUCT_ID, twoSyncedDesksSellingMats } from './two-desks-selling-mats';

const PRODUCT_ID = MAT_PRODUCT_ID;

/** What a desk's transport was sent: every pull page and every row fetched by key. */
interface Recorded {
  readonly pages: PullResponse[];
  readonly fetched: { table: string; keys: readonly string[] }[];
}

function recording(inner: SyncTransport): { transport: SyncTransport; seen: Recorded } {
  const seen: Recorded = { pages: [], fetched: [] };
  return {
    seen,
    transport: {
      ...inner,
      pull: async (after, limit, options) => {
        const page = await inner.pull(after, limit, options);
        seen.pages.push(page);
        return page;
      },
      rowsByKeys: async (table, keys) => {
        seen.fetched.push({ table, keys });
        if (!inner.rowsByKeys) throw new Error('the HTTP transport fetches rows by key');
        return inner.rowsByKeys(table, keys);
      },
    },
  };
}

/** Every row of a table, canonical and sorted, at the desk or (through snapshots) the server. */
function deskTable(desk: Desk, table: SyncedTable): string[] {
  const rows = desk.sqlite.prepare(`select * from "${table.name}"`).all() as SyncRow[];
  return rows.map((row) => canonicalRow(table, row)).sort();
}

async function serverTable(transport: SyncTransport, table: SyncedTable): Promise<string[]> {
  const rows: string[] = [];
  let after: string | null = null;
  do {
    const page = await transport.snapshot(table.name, after, 5000);
    rows.push(...page.rows.map((row) => canonicalRow(table, row)));
    after = page.nextAfter;
  } while (after !== null);
  return rows.sort();
}

/** Whole tables compared row by row: the desk's copy of every synced table is the server's. */
async function expectEqualToServer(desk: Desk, transport: SyncTransport): Promise<void> {
  for (const table of syncedTables) {
    expect({ table: table.name, rows: deskTable(desk, table) }).toEqual({
      table: table.name,
      rows: await serverTable(transport, table),
    });
  }
}

const digestedKeys = (seen: Recorded, table: string) =>
  seen.pages.flatMap((p) => (p.digests ?? []).filter((d) => d.table === table).map((d) => d.key));
const rowKeysOf = (seen: Recorded, table: SyncedTable) =>
  seen.pages.flatMap((p) =>
    p.changes.flatMap((c) =>
      c.op === 'upsert' && c.table === table.name ? [rowKey(table, c.row)] : [],
    ),
  );
const tableNamed = (name: string) => {
  const table = syncedTables.find((t) => t.name === name);
  if (!table) throw new Error(`no synced table ${name}`);
  return table;
};

describe.each(serverBackends)('R4.8 own rows come back as digests on %s', (backend) => {
  let world: SyncWorld;
  let deskA: Desk;
  let deskB: Desk;
  let staffId: string;
  let giftCardId: string;

  beforeAll(async () => {
    ({ world, deskA, deskB, staffId } = await twoSyncedDesksSellingMats(backend));
  });

  afterAll(() => world.dispose());

  it('R4.8 a desk pulling after its own push gets digests, not rows, of its own unchanged rows', async () => {
    await runDeskMutation(deskA, staffId, 'giftCard.sell', {
      amount: 5000,
      tenders: [{ method: 'external', amount: 5000, reference: 'voucher 17' }],
    });
    giftCardId = (await deskA.db.selectFrom('gift_cards').select('id').executeTakeFirstOrThrow())
      .id;
    const { transport, seen } = recording(world.transport(deskA));
    const report = await syncOnce(deskA, transport);
    expect(report.pushed).toBe(1);

    const cards = tableNamed('gift_cards');
    expect(digestedKeys(seen, 'gift_cards')).toEqual([giftCardId]);
    expect(digestedKeys(seen, 'pos_orders')).toHaveLength(1);
    expect(rowKeysOf(seen, cards)).toEqual([]);
    // Not one of the sale's rows came back in full, and none had to be fetched.
    expect(seen.pages.flatMap((p) => p.changes)).toEqual([]);
    expect(seen.fetched).toEqual([]);
    await expectEqualToServer(deskA, world.transport(deskA));

    // Desk B did not write them: it gets the rows themselves.
    const atB = recording(world.transport(deskB));
    await syncOnce(deskB, atB.transport);
    expect(rowKeysOf(atB.seen, cards)).toEqual([giftCardId]);
    expect(atB.seen.pages.flatMap((p) => p.digests ?? [])).toEqual([]);
    await expectEqualToServer(deskB, world.transport(deskB));
  });

  it('R4.8 R1.5 two desks draw on one gift card offline: the last to push fetches the server rows that differ from its own', async () => {
    const sale = {
      lines: [{ kind: 'product', productId: PRODUCT_ID, quantity: 1, unitPrice: 4000 }],
      tenders: [{ method: 'gift_card', amount: 4000, giftCardId }],
    };
    await runDeskMutation(deskA, staffId, 'pos.sale', sale);
    await runDeskMutation(deskB, staffId, 'pos.sale', sale);
    const atA = recording(world.transport(deskA));
    const atB = recording(world.transport(deskB));
    await syncOnce(deskA, atA.transport);
    await syncOnce(deskB, atB.transport);
    await syncOnce(deskA, atA.transport);

    // At desk B, 5000 - 4000 = 1000 left; the server ran B's sale after A's: -3000. B's push
    // wrote the card last, so B got a digest of the server's card, which differed from its
    // own, and fetched that card (and the mat's stock, 9 at B, 8 at the server).
    expect(digestedKeys(atB.seen, 'gift_cards')).toEqual([giftCardId]);
    expect(atB.seen.fetched).toEqual(
      expect.arrayContaining([
        { table: 'gift_cards', keys: [giftCardId] },
        { table: 'products', keys: [PRODUCT_ID] },
      ]),
    );
    const balance = await deskB.db
      .selectFrom('gift_cards')
      .select('current_balance')
      .where('id', '=', giftCardId)
      .executeTakeFirstOrThrow();
    expect(balance.current_balance).toBe(5000 - 8000);
    const rowsOfOrders = rowKeysOf(atB.seen, tableNamed('pos_orders'));
    // B's own order came as a digest that matched; A's order as a row.
    expect(rowsOfOrders).toHaveLength(1);
    expect(atB.seen.fetched.some((f) => f.table === 'pos_orders')).toBe(false);

    // Desk A wrote the card first and B after: A gets the card as a row.
    expect(rowKeysOf(atA.seen, tableNamed('gift_cards'))).toContain(giftCardId);
    for (const desk of [deskA, deskB]) {
      await expectEqualToServer(desk, world.transport(desk));
      expect((await verifyDesk(desk, world.transport(desk))).mismatched).toEqual([]);
    }
  });

  it('R4.8 R3.9 a pull that does not ask for digests (older desks, RxDB) gets every row in full', async () => {
    await runDeskMutation(deskA, staffId, 'giftCard.sell', {
      amount: 2000,
      tenders: [{ method: 'external', amount: 2000, reference: 'voucher 18' }],
    });
    const state = await deskA.db
      .selectFrom('desk_sync_state')
      .select('checkpoint')
      .executeTakeFirstOrThrow();
    const inner = world.transport(deskA);
    // Only the push: the rows stay unpulled for the old-style request below.
    await pushOutbox(deskA, inner);
    const identity = deskA.identity;
    if (!identity) throw new Error('desk A is not enrolled');
    const response = await fetch(
      new URL(`/v1/pull?after=${state.checkpoint}&limit=1000`, identity.serverUrl),
      { headers: { authorization: `Bearer ${identity.deviceToken}` } },
    );
    const body: unknown = await response.json();
    expect(body).not.toHaveProperty('digests');
    const page = pullResponseSchema.parse(body);
    const cards = page.changes.filter((c) => c.op === 'upsert' && c.table === 'gift_cards');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ op: 'upsert', row: { current_balance: 2000 } });

    // The same page asked for with digests: the card is a digest of the same row.
    const digested = await inner.pull(state.checkpoint, 1000, { ownRows: 'digest' });
    expect(digested.changes.filter((c) => c.table === 'gift_cards')).toEqual([]);
    expect(digested.digests?.filter((d) => d.table === 'gift_cards')).toHaveLength(1);
    await syncOnce(deskA, inner);
    await expectEqualToServer(deskA, inner);
  });
  it('R4.8 R4.3 a page of own rows all equal to the copy writes only the checkpoint and skips its fsync; a page that writes rows does not', async () => {
    await runDeskMutation(deskA, staffId, 'giftCard.sell', {
      amount: 1500,
      tenders: [{ method: 'external', amount: 1500, reference: 'voucher 19' }],
    });
    const inner = world.transport(deskA);
    await pushOutbox(deskA, inner);
    const { transport, seen } = recording(inner);
    const own = await synchronousSettings(deskA, () => syncOnce(deskA, transport));
    expect(seen.pages.flatMap((p) => p.digests ?? []).length).toBeGreaterThan(0);
    expect(seen.pages.flatMap((p) => p.changes)).toEqual([]);
    expect(seen.fetched).toEqual([]);
    expect(own.set).toEqual(['synchronous = NORMAL', 'synchronous = FULL']);
    expect(own.now).toBe(FULL);
    await expectEqualToServer(deskA, inner);

    // Desk B gets desk A's rows in full: its page writes them, with its own fsync (R4.3).
    const atB = await synchronousSettings(deskB, () => syncOnce(deskB, world.transport(deskB)));
    expect(atB.set).toEqual([]);
    expect(atB.now).toBe(FULL);
    await expectEqualToServer(deskB, world.transport(deskB));
  });
});
