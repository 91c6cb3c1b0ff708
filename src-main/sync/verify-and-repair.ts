import type { SyncRow, TableChecksum } from '../../src-shared/protocol/sync-messages';
import { TableChecksumBuilder } from '../../src-shared/sync/row-checksum';
import {
  syncedTables,
  syncedTablesByName,
  type SyncedTable,
} from '../../src-shared/sync/synced-tables';
import { isoAt } from '../../src-shared/time/clock';
import type { Desk } from '../store/open-desk';
import { resolveOnlyHere } from './drift-ledger';
import { PulledRowsApplier } from './pulled-rows-applier';
import { pullChanges, pushOutbox } from './sync-engine';
import type { SyncTransport } from './sync-transport';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** This desk's checksum of one synced table (R6.1); reads it whole, synchronously. */
export function tableChecksum(desk: Desk, table: SyncedTable): TableChecksum {
  const builder = new TableChecksumBuilder(table);
  const rows = desk.sqlite.prepare(
    `select ${table.columns.map(quote).join(', ')} from ${quote(table.name)}`,
  );
  for (const row of rows.iterate() as Iterable<Record<string, unknown>>) builder.add(row);
  return { table: table.name, rows: builder.rows, checksum: builder.digest() };
}

/** This desk's checksums over every synced table (R6.1). */
export function deskChecksums(desk: Desk): TableChecksum[] {
  return syncedTables.map((table) => tableChecksum(desk, table));
}

export interface VerifyReport {
  readonly matches: boolean;
  readonly position: number;
  readonly mismatched: readonly {
    table: string;
    desk: TableChecksum;
    server: TableChecksum | undefined;
  }[];
}

/**
 * Compares this desk with the server (R6.2): first pushes and pulls so both describe the
 * same position, then compares table by table.
 */
export async function verifyDesk(desk: Desk, transport: SyncTransport): Promise<VerifyReport> {
  await pushOutbox(desk, transport);
  const pulled = await pullChanges(desk, transport);
  if (pulled.held) throw new Error('local changes are still being sent; verify again in a moment');
  const server = await transport.checksums();
  if (server.position > pulled.checkpoint) {
    await pullChanges(desk, transport);
  }
  const serverByTable = new Map(server.tables.map((t) => [t.table, t]));
  const mismatched = deskChecksums(desk)
    .map((local) => ({ table: local.table, desk: local, server: serverByTable.get(local.table) }))
    .filter(
      (m) => !m.server || m.server.checksum !== m.desk.checksum || m.server.rows !== m.desk.rows,
    );
  // A table equal to the server's holds no row only here: its drift problems are over (R6.4).
  const differing = new Set(mismatched.map((m) => m.table));
  for (const table of syncedTables) {
    if (!differing.has(table.name)) resolveOnlyHere(desk, table.name, isoAt(desk.clock));
  }
  return { matches: mismatched.length === 0, position: server.position, mismatched };
}

/**
 * Re-downloads each given table whole and replaces the desk's copy in one transaction
 * (R6.3). Refuses while local writes are unsent, since they would be overwritten.
 */
export async function repairTables(
  desk: Desk,
  transport: SyncTransport,
  tables: readonly string[],
  pageSize = 5000,
) {
  const applier = new PulledRowsApplier(desk.sqlite);
  for (const name of tables) {
    if (!syncedTablesByName.has(name)) throw new Error(`"${name}" is not a synced table`);
    const rows: SyncRow[] = [];
    let after: string | null = null;
    do {
      const page = await transport.snapshot(name, after, pageSize);
      rows.push(...page.rows);
      after = page.nextAfter;
    } while (after !== null);
    const pending = desk.sqlite.prepare(
      `select count(*) as n from desk_outbox where status = 'pending'`,
    );
    desk.sqlite.pragma('foreign_keys = OFF');
    try {
      desk.sqlite.transaction(() => {
        if ((pending.get() as { n: number }).n > 0)
          throw new Error('local changes are unsent; sync before repairing');
        applier.clear(name);
        for (const row of rows) applier.apply({ op: 'upsert', table: name, row });
        // Rows only this desk held are gone with the old copy (R6.4).
        resolveOnlyHere(desk, name, isoAt(desk.clock));
      })();
    } finally {
      desk.sqlite.pragma('foreign_keys = ON');
    }
  }
}
