import type BetterSqlite3 from 'better-sqlite3';
import {
  MAX_PULL_LIMIT,
  type PullResponse,
  type RowChange,
  type RowDigest,
  type SyncRow,
} from '../../src-shared/protocol/sync-messages';
import { storedPrimaryKey } from '../../src-shared/schema/table-spec';
import { rowDigestOfValues } from '../../src-shared/sync/row-checksum';
import { rowKey, syncedTablesByName, type SyncedTable } from '../../src-shared/sync/synced-tables';
import type { SyncTransport } from './sync-transport';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * What the desk found comparing a page's digests: the server's rows for those that differed
 * (a row, or null where the server has none), and the connection's write count then, so the
 * page's transaction can trust the comparison when nothing was written since.
 */
export interface DigestComparison {
  readonly fetched: ReadonlyMap<string, SyncRow | null>;
  readonly writesBefore: number;
}

const fetchedKey = (table: string, key: string) => `${table}\u0000${key}`;

function tableOf(digest: RowDigest): SyncedTable {
  const table = syncedTablesByName.get(digest.table);
  if (!table) throw new Error(`the server sent a digest of an unknown table "${digest.table}"`);
  return table;
}

/**
 * R4.8: a pull page carries digests, not rows, of the rows this desk's own pushes wrote last.
 * Usually the desk's copy is the server's row, and applying it again would cost a write per
 * row for nothing. But the server re-ran the mutation on its own state, which may differ (a
 * pack balance another desk drew on first): where the digest of the desk's copy differs, the
 * desk fetches the server's row and writes it, so it still ends equal to the server.
 */
export class OwnRowDigests {
  private readonly selects = new Map<string, BetterSqlite3.Statement>();
  private readonly totalChanges: BetterSqlite3.Statement;

  /** `tenantId`: the desk's studio, the first column of every tenant table's stored key. */
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly tenantId: string,
  ) {
    this.totalChanges = sqlite.prepare('select total_changes() as n');
  }

  /** Rows this connection has written since it opened: every write of the desk's. */
  private writes(): number {
    return (this.totalChanges.get() as { n: number }).n;
  }

  /** The digest of the desk's copy of a row, or undefined when the desk has no such row. */
  private localDigest(digest: RowDigest): string | undefined {
    const table = tableOf(digest);
    // The whole stored key, tenant_id first: the wire key alone does not lead any index,
    // and a lookup by it would scan the table once per digest.
    const stored = storedPrimaryKey(table.spec);
    let select = this.selects.get(table.name);
    if (!select) {
      const where = stored.map((c) => `${quote(c)} = ?`).join(' and ');
      // Raw mode: an array per row in table.columns order, no object to build (R4.8's
      // comparison costs about as much as rewriting the row, so every step counts).
      select = this.sqlite
        .prepare(
          `select ${table.columns.map(quote).join(', ')} from ${quote(table.name)} where ${where}`,
        )
        .raw(true);
      this.selects.set(table.name, select);
    }
    const parts = digest.key.split('|');
    const values = stored[0] === 'tenant_id' ? [this.tenantId, ...parts] : parts;
    const row = select.get(values) as unknown[] | undefined;
    return row === undefined ? undefined : rowDigestOfValues(table, row);
  }

  /**
   * Fetches the server's rows for the page's digests that differ from the desk's copy, by
   * key, now (before the page's transaction: a request cannot run inside it). A row fetched
   * may be newer than the page; its later change then comes again in a later page.
   */
  async fetchDiffering(page: PullResponse, transport: SyncTransport): Promise<DigestComparison> {
    const writesBefore = this.writes();
    const fetched = new Map<string, SyncRow | null>();
    const differing = new Map<string, string[]>();
    for (const digest of page.digests ?? []) {
      if (this.localDigest(digest) === digest.digest) continue;
      const keys = differing.get(digest.table) ?? [];
      keys.push(digest.key);
      differing.set(digest.table, keys);
    }
    for (const [tableName, keys] of differing) {
      if (!transport.rowsByKeys) throw new Error('the transport cannot fetch rows by key');
      const table = syncedTablesByName.get(tableName);
      if (!table) continue;
      for (let i = 0; i < keys.length; i += MAX_PULL_LIMIT) {
        const chunk = keys.slice(i, i + MAX_PULL_LIMIT);
        for (const key of chunk) fetched.set(fetchedKey(tableName, key), null);
        for (const row of await transport.rowsByKeys(tableName, chunk)) {
          fetched.set(fetchedKey(tableName, rowKey(table, row)), row);
        }
      }
    }
    return { fetched, writesBefore };
  }

  /**
   * Inside the page's transaction, before it writes anything: the writes that make the
   * desk's copy of the page's digested rows equal to the server's, none where the digest
   * still matches. Undefined when a row differs that was not fetched: the desk's copy changed
   * since, so the caller holds the page (R4.4) and pulls it again.
   */
  writesFor(page: PullResponse, comparison: DigestComparison): RowChange[] | undefined {
    // Nothing written since the comparison: a digest that matched then matches now, and the
    // rows that differed are exactly the fetched ones. Else every digest is compared again.
    const unchanged = this.writes() === comparison.writesBefore;
    const writes: RowChange[] = [];
    for (const digest of page.digests ?? []) {
      const key = fetchedKey(digest.table, digest.key);
      if (unchanged ? !comparison.fetched.has(key) : this.localDigest(digest) === digest.digest) {
        continue;
      }
      const server = comparison.fetched.get(key);
      if (server === undefined) return undefined;
      if (server) {
        writes.push({ op: 'upsert', table: digest.table, row: server });
      } else {
        const table = tableOf(digest);
        const parts = digest.key.split('|');
        const columns = Object.fromEntries(table.keyColumns.map((c, i) => [c, parts[i] ?? null]));
        writes.push({ op: 'delete', table: digest.table, key: columns });
      }
    }
    return writes;
  }
}
