import type BetterSqlite3 from 'better-sqlite3';
import type { TenantRole } from '../../src-shared/mutations/mutation-definition';

/** The staff member's status and roles as this desk last synced them; undefined if unknown. */
export interface LocalStaffRow {
  readonly status: string;
  readonly roles: TenantRole[];
}

/** The outbox row a mutation adds (R1.2), seq excepted: the statement takes the next one. */
export interface OutboxAppend {
  readonly id: string;
  readonly name: string;
  readonly args: string;
  readonly actorId: string;
  readonly at: string;
  readonly tablesWritten: string | null;
}

export interface MutationBookkeeping {
  staffRow(tenantId: string, memberId: string): LocalStaffRow | undefined;
  /** Appends a pending entry with seq one past the largest there is; returns that seq. */
  appendOutbox(entry: OutboxAppend): number;
}

// One row per role (status repeated), or one row with a null role for a member with none.
// The roles come in role order, the order the primary key (member_id, role) gave before.
const STAFF_ROW_SQL = `select m.status as status, r.role as role
  from tenant_members m
  left join tenant_roles r on r.tenant_id = m.tenant_id and r.member_id = m.id
  where m.tenant_id = ? and m.id = ?
  order by r.role`;

// The seq is taken in the insert itself: one statement where a max() read and an insert were.
const APPEND_OUTBOX_SQL = `insert into desk_outbox
    (seq, id, name, args, actor_id, at, status, tables_written)
  select coalesce(max(seq), 0) + 1, ?, ?, ?, ?, ?, 'pending', ? from desk_outbox
  returning seq`;

const kept = new WeakMap<BetterSqlite3.Database, MutationBookkeeping>();

/**
 * The desk's own statements around every mutation (who is asking, the outbox entry), on the
 * raw handle and prepared once per handle. They are the same on every call, so building and
 * compiling them through Kysely each time was pure overhead on the POS sale (B6, issue 21).
 * Run them only while holding Kysely's connection (inside its transaction): a raw statement
 * outside would read into whatever transaction another caller has open on the handle.
 */
export function mutationBookkeeping(desk: {
  readonly sqlite: BetterSqlite3.Database;
}): MutationBookkeeping {
  const { sqlite } = desk;
  const known = kept.get(sqlite);
  if (known !== undefined) return known;
  const staffRows = sqlite.prepare<[string, string], { status: string; role: TenantRole | null }>(
    STAFF_ROW_SQL,
  );
  const appendOutbox = sqlite.prepare<
    [string, string, string, string, string, string | null],
    { seq: number }
  >(APPEND_OUTBOX_SQL);
  const made: MutationBookkeeping = {
    staffRow(tenantId, memberId) {
      const rows = staffRows.all(tenantId, memberId);
      const first = rows[0];
      if (first === undefined) return undefined;
      const roles: TenantRole[] = [];
      for (const row of rows) if (row.role !== null) roles.push(row.role);
      return { status: first.status, roles };
    },
    appendOutbox(entry) {
      const row = appendOutbox.get(
        entry.id,
        entry.name,
        entry.args,
        entry.actorId,
        entry.at,
        entry.tablesWritten,
      );
      if (row === undefined) throw new Error('the outbox insert returned no seq');
      return row.seq;
    },
  };
  kept.set(sqlite, made);
  return made;
}
