import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, SyncRow } from '../../src-shared/protocol/sync-messages';
import { rowDigest } from '../../src-shared/sync/row-checksum';
import { rowKey, syncedTables, syncedTablesByName } from '../../src-shared/sync/synced-tables';
import type { Desk } from '../../src-main/store/open-desk';
import { runDeskMutation } from '../../src-main/operations/run-mutation';
import { syncOnce } from '../../src-main/sync/sync-engine';
import { OwnRowCopyDigests, OwnRowDigests } from '../../src-main/sync/own-row-digests';
import type { SyncWorld } from './sync-harness';
import { twoDesksSellingMats } from './two-desks-selling-mats';

/** Every row of a desk table as an object, as rowDigest (the server's side) reads rows. */
function rowsOf(desk: Desk, tableName: string): SyncRow[] {
  return desk.sqlite.prepare(`select * from "${tableName}"`).all() as SyncRow[];
}

function tableNamed(name: string) {
  const table = syncedTablesByName.get(name);
  if (!table) throw new Error(`no synced table ${name}`);
  return table;
}

// The desk side only: one server backend is enough to give the desk its rows.
describe('R4.8 R6.1 the desk digests its copies in SQLite exactly as rowDigest does', () => {
  let world: SyncWorld;
  let desk: Desk;
  let copies: OwnRowCopyDigests;

  beforeAll(async () => {
    let staffId: string;
    ({ world, deskA: desk, staffId } = await twoDesksSellingMats('postgres'));
    await runDeskMutation(desk, staffId, 'giftCard.sell', {
      amount: 5000,
      tenders: [{ method: 'external', amount: 5000, reference: 'voucher 21' }],
    });
    await syncOnce(desk, world.transport(desk));
    copies = new OwnRowCopyDigests(desk.sqlite, world.studio.tenantId);
  });

  afterAll(() => world.dispose());

  it('R4.8 every row of every synced table has the digest rowDigest gives it', () => {
    const covered: string[] = [];
    for (const table of syncedTables) {
      const rows = rowsOf(desk, table.name);
      const keys = rows.map((row) => rowKey(table, row));
      const digests = copies.digestsOf(table, keys);
      // Ten more keys of rows the desk does not hold: past the few looked up one by one, so
      // the whole list goes through json_each, and must find the same rows, no others.
      const absent = Array.from({ length: 10 }, (_, i) =>
        table.keyColumns.map((c) => `absent-${c}-${i}`).join('|'),
      );
      expect(copies.digestsOf(table, [...absent, ...keys])).toEqual(digests);
      for (const row of rows) {
        expect({ table: table.name, digest: digests.get(rowKey(table, row)) }).toEqual({
          table: table.name,
          digest: rowDigest(table, row),
        });
      }
      if (rows.length > 0) covered.push(table.name);
    }
    // Among them: a JSON column (profile), a two-column key (tenant_roles), tables without
    // tenant_id (users, tenants) and the sale's tables.
    expect(covered).toEqual(
      expect.arrayContaining(['tenant_members', 'tenant_roles', 'users', 'tenants', 'gift_cards']),
    );
  });

  it('R4.8 text with quotes, control characters and any script, and JSON in any key order, digest alike', () => {
    const members = tableNamed('tenant_members');
    const [member] = rowsOf(desk, members.name);
    if (!member) throw new Error('the studio has no member');
    const key = rowKey(members, member);
    const before = copies.digestsOf(members, [key]).get(key);
    desk.sqlite
      .prepare(`update tenant_members set barcode = ?, profile = ? where id = ?`)
      .run(
        'Zoë "Z" \\ O\'Neil\n\t\u0001\u001f\u007f 漢字 😀 \u2028',
        '{ "b": 1,  "a": [2, {"d": null, "c": "x\\u00e9"}], "e": 1.5 }',
        member['id'],
      );
    const [changed] = rowsOf(desk, members.name).filter((r) => r['id'] === member['id']);
    if (!changed) throw new Error('the member went away');
    const after = copies.digestsOf(members, [key]).get(key);
    expect(after).toBe(rowDigest(members, changed));
    // A changed row never keeps its digest: the desk would not fetch the server's row.
    expect(after).not.toBe(before);
  });

  it('R4.8 a key the desk holds no row of has no digest, and other keys are unaffected', () => {
    const cards = tableNamed('gift_cards');
    const [card] = rowsOf(desk, cards.name);
    if (!card) throw new Error('the desk sold no gift card');
    const key = rowKey(cards, card);
    const missing = '01900000-0000-7000-8000-0000000000ff';
    const digests = copies.digestsOf(cards, [missing, key]);
    expect([...digests.keys()]).toEqual([key]);
    expect(digests.get(key)).toBe(rowDigest(cards, card));
  });
  it('R4.8 R4.4 a copy written between the comparison and the page compares again: held when a row now differs', async () => {
    const cards = tableNamed('gift_cards');
    const [card] = rowsOf(desk, cards.name);
    if (!card) throw new Error('the desk sold no gift card');
    const page: PullResponse = {
      changes: [],
      digests: [{ table: cards.name, key: rowKey(cards, card), digest: rowDigest(cards, card) }],
      position: 1,
      headPosition: 1,
      hasMore: false,
      lastAppliedSeq: 0,
    };
    const noFetch = world.transport(desk);
    const own = new OwnRowDigests(desk.sqlite, world.studio.tenantId);
    const comparison = await own.fetchDiffering(page, { ...noFetch, rowsByKeys: undefined });
    expect(comparison.fetched.size).toBe(0);
    expect(own.writesFor(page, comparison)).toEqual([]);
    // A write elsewhere: every digest is compared again, and the card still matches.
    desk.sqlite.prepare(`update tenant_members set updated_at = updated_at`).run();
    expect(own.writesFor(page, comparison)).toEqual([]);
    // The card itself changed since: no fetched row to write, so the page is held.
    desk.sqlite
      .prepare(`update gift_cards set current_balance = current_balance - 1 where id = ?`)
      .run(card['id']);
    expect(own.writesFor(page, comparison)).toBeUndefined();
  });
});
