import type BetterSqlite3 from 'better-sqlite3';
import {
  MAX_PULL_LIMIT,
  type PullResponse,
  type RowChange,
  type RowDigest,
  type SyncRow,
} from '../../src-shared/protocol/sync-messages';
import { storedPrimaryKey } from '../../src-shared/schema/table-spec';
import { canonicalJson, digestOfCanonical } from '../../src-shared/sync/row-checksum';
import { rowKey, syncedTablesByName, type SyncedTable } from '../../src-shared/sync/synced-tables';
import type { SyncTransport } from './sync-transport';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** Up to this many keys of a table are looked up one by one; more go through json_each. */
const FEW_KEYS = 8;
/** The separator canonicalRow puts between columns (row-checksum.ts). */
const COLUMN_SEPARATOR = 'char(31)';

interface CopyDigestStatement {
  /** Every key of a page at once, through json_each. */
  readonly select: BetterSqlite3.Statement;
  /** One key's row: cheaper than json_each for the few keys of a sale's page (B4). */
  readonly selectOne: BetterSqlite3.Statement;
  /** One key column: the keys go as a JSON array of strings, else as arrays of parts. */
  readonly singleKeyColumn: boolean;
  readonly tenantScoped: boolean;
}

/**
 * The SQL that yields a row's canonical form (R6.1) in pieces: `seg0, json1, seg1, json2,
 * …, segN`, where each seg is canonical text SQLite builds itself and each json is a JSON
 * column's stored text, which only JS can put in canonical form (sorted keys). SQLite's
 * `json_quote` writes text, integers and null byte for byte as JSON.stringify does (the
 * desk holds no floats: money is integer cents); a value it wrote differently would only
 * make the digests differ and the row be fetched, never make differing rows look equal.
 */
function canonicalPieces(table: SyncedTable): string[] {
  const pieces: string[] = [];
  let segment: string[] = [];
  table.columns.forEach((column, i) => {
    const separatorAndName =
      i > 0 ? `${COLUMN_SEPARATOR} || ${literal(`${column}=`)}` : literal(`${column}=`);
    if (table.jsonColumns.has(column)) {
      segment.push(separatorAndName);
      pieces.push(segment.join(' || '));
      pieces.push(`r.${quote(column)}`);
      segment = [];
    } else {
      segment.push(separatorAndName, `json_quote(r.${quote(column)})`);
    }
  });
  pieces.push(segment.length > 0 ? segment.join(' || ') : `''`);
  return pieces;
}

/**
 * Each connection's prepared digest statements, kept as long as the connection lives. Every
 * pull makes a new OwnRowDigests, and preparing these long statements again cost a sale's
 * pull (five digests) 0.6 ms more than the comparison itself (B4). Keyed weakly by the
 * connection, so a closed desk's statements go with it, and no two desks share any.
 */
const statementsOfConnection = new WeakMap<
  BetterSqlite3.Database,
  Map<string, CopyDigestStatement>
>();

/**
 * Digests (R4.8) of the desk's copies of rows, by wire key, computed mostly inside SQLite:
 * one statement per table for a whole page's keys (a lookup per key through `json_each`;
 * a few keys are looked up one by one), which returns each row's canonical text already
 * joined, so JS only parses JSON columns and hashes. Decoding each row into values and
 * building its canonical text in JS cost about as much as writing the row again (issue 21),
 * which is what the digests were meant to save; this costs 0.3-0.45x of that rewrite
 * (bench/digests-profile.ts).
 */
export class OwnRowCopyDigests {
  private readonly statements: Map<string, CopyDigestStatement>;

  /** `tenantId`: the desk's studio, the first column of every tenant table's stored key. */
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly tenantId: string,
  ) {
    let statements = statementsOfConnection.get(sqlite);
    if (!statements) {
      statements = new Map();
      statementsOfConnection.set(sqlite, statements);
    }
    this.statements = statements;
  }

  private statementFor(table: SyncedTable): CopyDigestStatement {
    const cached = this.statements.get(table.name);
    if (cached) return cached;
    const stored = storedPrimaryKey(table.spec);
    const tenantScoped = stored[0] === 'tenant_id';
    const singleKeyColumn = table.keyColumns.length === 1;
    // The whole stored key, tenant_id first: the wire key alone does not lead any index. The
    // keys are the outer loop (cross join keeps SQLite's order): without statistics the
    // planner otherwise scanned the table once per key, four times slower than JS's lookups.
    const keyMatch = table.keyColumns.map((column, i) =>
      singleKeyColumn
        ? `r.${quote(column)} = k.value`
        : `r.${quote(column)} = json_extract(k.value, '$[${i}]')`,
    );
    const tenantMatch = tenantScoped ? ['r."tenant_id" = ?'] : [];
    const where = [...tenantMatch, ...keyMatch].join(' and ');
    const pieces = canonicalPieces(table).join(', ');
    const select = this.sqlite
      .prepare(
        `select k.key, ${pieces} from json_each(?) k cross join ${quote(table.name)} r on ${where}`,
      )
      .raw(true);
    const oneWhere = [...tenantMatch, ...table.keyColumns.map((c) => `r.${quote(c)} = ?`)];
    const selectOne = this.sqlite
      .prepare(`select 0, ${pieces} from ${quote(table.name)} r where ${oneWhere.join(' and ')}`)
      .raw(true);
    const statement = { select, selectOne, singleKeyColumn, tenantScoped };
    this.statements.set(table.name, statement);
    return statement;
  }

  /** Each found row's canonical pieces, with the index of its key in `keys`. */
  private rowsOf(statement: CopyDigestStatement, keys: readonly string[]): [number, unknown[]][] {
    const { select, selectOne, singleKeyColumn, tenantScoped } = statement;
    const tenant = tenantScoped ? [this.tenantId] : [];
    if (keys.length <= FEW_KEYS) {
      return keys.flatMap((key, index) => {
        const row = selectOne.get([...tenant, ...key.split('|')]) as unknown[] | undefined;
        return row ? [[index, row] as [number, unknown[]]] : [];
      });
    }
    const keyJson = JSON.stringify(singleKeyColumn ? keys : keys.map((key) => key.split('|')));
    const rows = select.all([keyJson, ...tenant]) as unknown[][];
    return rows.map((row) => [row[0] as number, row]);
  }

  /** The digest of each key's row in the desk's copy; keys the desk has no row of are absent. */
  digestsOf(table: SyncedTable, keys: readonly string[]): Map<string, string> {
    const digests = new Map<string, string>();
    if (keys.length === 0) return digests;
    const statement = this.statementFor(table);
    for (const [index, row] of this.rowsOf(statement, keys)) {
      const key = keys[index];
      if (key === undefined) continue;
      let canonical = row[1] as string;
      for (let i = 2; i < row.length; i += 2) {
        const json = row[i];
        canonical +=
          typeof json === 'string'
            ? canonicalJson(JSON.parse(json) as unknown)
            : JSON.stringify(json ?? null);
        canonical += row[i + 1] as string;
      }
      digests.set(key, digestOfCanonical(canonical));
    }
    return digests;
  }
}

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

function tableOf(tableName: string): SyncedTable {
  const table = syncedTablesByName.get(tableName);
  if (!table) throw new Error(`the server sent a digest of an unknown table "${tableName}"`);
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
  private readonly copies: OwnRowCopyDigests;
  private readonly totalChanges: BetterSqlite3.Statement;

  /** `tenantId`: the desk's studio, the first column of every tenant table's stored key. */
  constructor(sqlite: BetterSqlite3.Database, tenantId: string) {
    this.copies = new OwnRowCopyDigests(sqlite, tenantId);
    this.totalChanges = sqlite.prepare('select total_changes() as n');
  }

  /** Rows this connection has written since it opened: every write of the desk's. */
  private writes(): number {
    return (this.totalChanges.get() as { n: number }).n;
  }

  /**
   * The page's digests whose row differs from the desk's copy (or that the desk has no copy
   * of), table by table: one statement per table computes the copies' digests (issue 21).
   */
  private differing(page: PullResponse): Map<string, string[]> {
    const byTable = new Map<string, RowDigest[]>();
    for (const digest of page.digests ?? []) {
      const list = byTable.get(digest.table) ?? [];
      list.push(digest);
      byTable.set(digest.table, list);
    }
    const differing = new Map<string, string[]>();
    for (const [tableName, digests] of byTable) {
      const table = tableOf(tableName);
      const copies = this.copies.digestsOf(
        table,
        digests.map((d) => d.key),
      );
      const keys = digests.filter((d) => copies.get(d.key) !== d.digest).map((d) => d.key);
      if (keys.length > 0) differing.set(tableName, keys);
    }
    return differing;
  }

  /**
   * Fetches the server's rows for the page's digests that differ from the desk's copy, by
   * key, now (before the page's transaction: a request cannot run inside it). A row fetched
   * may be newer than the page; its later change then comes again in a later page.
   */
  async fetchDiffering(page: PullResponse, transport: SyncTransport): Promise<DigestComparison> {
    const writesBefore = this.writes();
    const fetched = new Map<string, SyncRow | null>();
    const differing = this.differing(page);
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
    const differingNow = unchanged
      ? undefined
      : new Set(
          [...this.differing(page)].flatMap(([table, keys]) =>
            keys.map((key) => fetchedKey(table, key)),
          ),
        );
    const writes: RowChange[] = [];
    for (const digest of page.digests ?? []) {
      const key = fetchedKey(digest.table, digest.key);
      if (!(differingNow ?? comparison.fetched).has(key)) continue;
      const server = comparison.fetched.get(key);
      if (server === undefined) return undefined;
      if (server) {
        writes.push({ op: 'upsert', table: digest.table, row: server });
      } else {
        const table = tableOf(digest.table);
        const parts = digest.key.split('|');
        const columns = Object.fromEntries(table.keyColumns.map((c, i) => [c, parts[i] ?? null]));
        writes.push({ op: 'delete', table: digest.table, key: columns });
      }
    }
    return writes;
  }
}
