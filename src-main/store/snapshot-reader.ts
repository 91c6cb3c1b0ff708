import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import type { TableChecksum } from '../../src-shared/protocol/sync-messages';
import { TableChecksumBuilder } from '../../src-shared/sync/row-checksum';
import type { SyncedTable } from '../../src-shared/sync/synced-tables';
import { DESK_DATABASE_FILE, type Desk } from './open-desk';

/**
 * Where a desk's synced tables stand: only a pull (the checkpoint) or a mutation (a new
 * outbox seq) changes them, so two equal marks with nothing pending mean equal tables.
 */
export interface DeskMark {
  readonly checkpoint: number;
  readonly lastSeq: number;
  readonly pending: number;
}

export function deskMark(sqlite: BetterSqlite3.Database): DeskMark {
  return sqlite
    .prepare(
      `select checkpoint,
         (select coalesce(max(seq), 0) from desk_outbox) as lastSeq,
         (select count(*) from desk_outbox where status = 'pending') as pending
       from desk_sync_state`,
    )
    .get() as DeskMark;
}

/** Nothing pending and pulled exactly to `position` (any position when not given). */
export function isCaughtUp(mark: DeskMark, position?: number): boolean {
  return mark.pending === 0 && (position === undefined || mark.checkpoint === position);
}

/** The desk has not moved since `before`: same tables, nothing pending. */
export function isUnmoved(before: DeskMark, now: DeskMark): boolean {
  return (
    now.pending === 0 && now.checkpoint === before.checkpoint && now.lastSeq === before.lastSeq
  );
}

/** Rows summed between two turns of the event loop: a few milliseconds of work. */
const ROWS_PER_SLICE = 500;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * This desk's checksums of `tables` as one snapshot of its database shows them, with the
 * mark of that snapshot; undefined when the snapshot is not caught up to `position`.
 *
 * Read on a connection of its own inside one read transaction (WAL keeps its snapshot while
 * the desk writes), in slices between which the desk keeps serving: summing a studio's
 * years of orders takes seconds, and a sale rung up meanwhile must not wait for it.
 */
export async function checksumsAt(
  desk: Desk,
  tables: readonly SyncedTable[],
  position: number,
): Promise<{ mark: DeskMark; sums: TableChecksum[] } | undefined> {
  const reader = new BetterSqlite3(join(desk.dataDir, DESK_DATABASE_FILE), {
    fileMustExist: true,
  });
  try {
    reader.pragma('query_only = ON');
    reader.exec('begin');
    // The first read fixes the snapshot every later read of this transaction sees.
    const mark = deskMark(reader);
    if (!isCaughtUp(mark, position)) return undefined;
    const sums: TableChecksum[] = [];
    for (const table of tables) {
      const builder = new TableChecksumBuilder(table);
      const rows = reader
        .prepare(`select ${table.columns.map(quote).join(', ')} from ${quote(table.name)}`)
        .iterate() as Iterable<Record<string, unknown>>;
      for (const row of rows) {
        builder.add(row);
        if (builder.rows % ROWS_PER_SLICE === 0) await nextTurn();
      }
      sums.push({ table: table.name, rows: builder.rows, checksum: builder.digest() });
    }
    reader.exec('commit');
    return { mark, sums };
  } finally {
    reader.close();
  }
}
