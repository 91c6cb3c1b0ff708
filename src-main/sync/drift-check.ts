import type { SyncRow, TableChecksum } from '../../src-shared/protocol/sync-messages';
import { canonicalRow, TableChecksumBuilder } from '../../src-shared/sync/row-checksum';
import { rowKey, syncedTablesByName, type SyncedTable } from '../../src-shared/sync/synced-tables';
import { isoAt } from '../../src-shared/time/clock';
import type { Desk } from '../store/open-desk';
import {
  checksumsAt,
  deskMark,
  isCaughtUp,
  isUnmoved,
  type DeskMark,
} from '../store/snapshot-reader';
import { markTouchedChecked, recordOnlyHere, resolveOnlyHere, touchedTables } from './drift-ledger';
import { PulledRowsApplier } from './pulled-rows-applier';
import type { SyncTransport } from './sync-transport';

/** Why a drift check compared nothing: it runs again after a later sync. */
export type DriftSkip = 'nothing_touched' | 'pending' | 'not_caught_up';

export interface DriftReport {
  readonly skipped: DriftSkip | null;
  /** The server position compared against; 0 when skipped before asking the server. */
  readonly position: number;
  /** The tables compared: those syncs touched since their last check. */
  readonly compared: readonly string[];
  /** Compared tables whose copy differed from the server's. */
  readonly mismatched: readonly string[];
  /** Rows rewritten from the server's copy, which is the authority for them. */
  readonly repairedRows: number;
  /** Rows only this desk holds: kept, and listed as problems until a repair. */
  readonly onlyHere: readonly { readonly table: string; readonly rowKey: string }[];
  /** Tables left for the next check (the server moved on meanwhile, or the repair failed). */
  readonly deferred: readonly string[];
}

export interface DriftCheckOptions {
  readonly log?: (message: string) => void;
  /** Per mismatched table being repaired: `done` of `total` tables. */
  readonly onProgress?: (progress: { phase: string; done: number; total: number }) => void;
  readonly pageSize?: number;
}

const NOTHING = { compared: [], mismatched: [], repairedRows: 0, onlyHere: [], deferred: [] };

const differs = (a: TableChecksum, b: TableChecksum | undefined) =>
  !b || a.rows !== b.rows || a.checksum !== b.checksum;

/**
 * The drift check (R6.4): compares this desk's checksums of the tables syncs touched since
 * their last check with the server's, and for each that differs re-downloads the server's
 * rows and repairs, row by row, every row the server has that differs or is missing here.
 * Rows only this desk holds are local facts the server never recorded: they are kept and
 * listed as problems (`desk_drift_problems`) until a repair (R6.3) replaces the table.
 *
 * Runs only when the desk is caught up (nothing pending, pulled to the server's position at
 * checksum time); otherwise it compares nothing and the tables stay touched. Safe beside
 * sales and sync rounds: the desk's sums come from one snapshot that was caught up, and each
 * repair is one transaction that first checks the desk has not moved since that snapshot.
 */
export async function runDriftCheck(
  desk: Desk,
  transport: SyncTransport,
  options: DriftCheckOptions = {},
): Promise<DriftReport> {
  if (!isCaughtUp(deskMark(desk.sqlite))) {
    return { skipped: 'pending', position: 0, ...NOTHING };
  }
  const touched = touchedTables(desk);
  if (touched.tables.length === 0) return { skipped: 'nothing_touched', position: 0, ...NOTHING };
  const server = await transport.checksums(touched.tables);
  const tables = touched.tables.flatMap((name) => syncedTablesByName.get(name) ?? []);
  const local = await checksumsAt(desk, tables, server.position);
  if (!local) return { skipped: 'not_caught_up', position: server.position, ...NOTHING };
  const serverSums = new Map(server.tables.map((t) => [t.table, t]));
  const mismatched: { table: SyncedTable; server: TableChecksum | undefined }[] = [];
  for (const [index, table] of tables.entries()) {
    const remote = serverSums.get(table.name);
    const mine = local.sums[index];
    if (!mine || differs(mine, remote)) mismatched.push({ table, server: remote });
    // Equal to the server's: nothing is only here any more.
    else resolveOnlyHere(desk, table.name, isoAt(desk.clock));
  }

  let repairedRows = 0;
  const onlyHere: DriftReport['onlyHere'][number][] = [];
  const deferred: string[] = [];
  for (const [index, { table, server: remote }] of mismatched.entries()) {
    options.onProgress?.({ phase: table.name, done: index, total: mismatched.length });
    options.log?.(`drift check: ${table.name} differs from the server; repairing`);
    try {
      const outcome = await repairDriftedTable(desk, transport, table, remote, local.mark, {
        pageSize: options.pageSize ?? 5000,
      });
      if (outcome === 'moved') {
        options.log?.(`drift check: ${table.name} changed meanwhile; it is checked again later`);
        deferred.push(table.name);
        continue;
      }
      repairedRows += outcome.repaired;
      onlyHere.push(...outcome.onlyHere.map((key) => ({ table: table.name, rowKey: key })));
      if (outcome.onlyHere.length > 0) {
        options.log?.(
          `drift check: ${table.name} holds ${outcome.onlyHere.length} row(s) the server never recorded; kept and listed as problems`,
        );
      }
    } catch (error) {
      options.log?.(`drift check: repairing ${table.name} failed: ${String(error)}`);
      deferred.push(table.name);
    }
  }
  if (mismatched.length > 0) {
    options.onProgress?.({ phase: 'done', done: mismatched.length, total: mismatched.length });
  }
  markTouchedChecked(desk, touched, deferred);
  return {
    skipped: null,
    position: server.position,
    compared: touched.tables,
    mismatched: mismatched.map((m) => m.table.name),
    repairedRows,
    onlyHere,
    deferred,
  };
}

async function snapshotRows(
  transport: SyncTransport,
  table: string,
  pageSize: number,
): Promise<SyncRow[]> {
  const rows: SyncRow[] = [];
  let after: string | null = null;
  do {
    const page = await transport.snapshot(table, after, pageSize);
    rows.push(...page.rows);
    after = page.nextAfter;
  } while (after !== null);
  return rows;
}

/**
 * Brings one table in line with the server's copy at the compared position, row by row,
 * keeping rows only this desk holds. 'moved' when the server or the desk has moved since
 * the comparison (`mark`): a row one of them added meanwhile could pass for drift.
 */
async function repairDriftedTable(
  desk: Desk,
  transport: SyncTransport,
  table: SyncedTable,
  remote: TableChecksum | undefined,
  mark: DeskMark,
  options: { readonly pageSize: number },
): Promise<'moved' | { repaired: number; onlyHere: string[] }> {
  const rows = await snapshotRows(transport, table.name, options.pageSize);
  // The snapshot is read at the server's latest position: it shows the compared one only if
  // it sums to the checksum given for that. Otherwise a later change could pass for drift.
  const sum = new TableChecksumBuilder(table);
  for (const row of rows) sum.add(row);
  if (differs({ table: table.name, rows: sum.rows, checksum: sum.digest() }, remote)) {
    return 'moved';
  }
  const applier = new PulledRowsApplier(desk.sqlite);
  const select = desk.sqlite.prepare(
    `select ${table.columns.map((c) => `"${c}"`).join(', ')} from "${table.name}"`,
  );
  const at = isoAt(desk.clock);
  // As for pulled pages (R4.3): the server checked foreign keys, and a row may name one this
  // desk only gets from another table's repair.
  desk.sqlite.pragma('foreign_keys = OFF');
  try {
    return desk.sqlite.transaction(() => {
      if (!isUnmoved(mark, deskMark(desk.sqlite))) return 'moved' as const;
      const local = new Map<string, string>();
      for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
        local.set(rowKey(table, row), canonicalRow(table, row));
      }
      let repaired = 0;
      for (const row of rows) {
        const key = rowKey(table, row);
        if (local.get(key) !== canonicalRow(table, row)) {
          applier.apply({ op: 'upsert', table: table.name, row });
          repaired++;
        }
        local.delete(key);
      }
      const onlyHere = [...local.keys()];
      recordOnlyHere(desk, table.name, onlyHere, at);
      resolveOnlyHere(desk, table.name, at, new Set(onlyHere));
      return { repaired, onlyHere };
    })();
  } finally {
    desk.sqlite.pragma('foreign_keys = ON');
  }
}
