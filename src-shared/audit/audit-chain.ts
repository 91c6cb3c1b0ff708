import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../schema/catalog';
import type { IsoTimestamp } from '../schema/column-spec';
import { canonicalJson, type JsonValue } from './canonical-json';

/**
 * The tamper-evident audit log: per tenant, entry n stores
 * `hash = sha256(prev_hash + "\n" + canonical entry)` where prev_hash is entry n-1's hash.
 *
 * Which chain is the truth: the SERVER's. A mutation appends to the chain of the database
 * it runs on. At the desk that gives a provisional entry linked to the desk's local head;
 * when the server re-runs the mutation it appends the entry (same id, same content) to the
 * server's head, and the desk receives that version on its next pull. Two desks that
 * audited offline therefore never fork the authoritative chain, and `verifyAuditChain` on
 * the server checks every entry ever synced. A desk verifies its copy only when it holds
 * no pending writes (PROTOCOL.md R6.2), when it equals the server's.
 */
export type AuditAction =
  | 'pos.refund'
  | 'pos.void'
  | 'pos.price_override'
  | 'waiver.override'
  | 'drawer.open'
  | 'drawer.close'
  | 'stock.adjust'
  | ConsoleAuditAction;

/** The parts of the console whose mutations are audited under their own names. */
const CONSOLE_AUDIT_AREAS = [
  'studio',
  'location',
  'room',
  'staff',
  'product',
  'stock',
  'pack',
  'plan',
  'coupon',
  'waiver',
  'class',
  // A member's photo (issue 17 item 3): who changed a person's picture, from which desk.
  'member',
  // Appointments (issue 18): services, staff hours and bookings, each under its own name.
  'appointmentService',
  'staffAvailability',
  'appointment',
  // Class series (issue 18, schedule): create, extend, update in three scopes, end.
  'classSeries',
  // Memberships at the desk (issue 18): pause, resume, cancel, change plan.
  'membership',
  // A member's fee waived (issue 18, R15): only booking.waiveFee declares an audit.
  'booking',
  // The review queue (issue 19, R16): review.resolve settles an item.
  'review',
  // Leads at the desk (issue 20, R18): capture, update, notes, trial, convert, lost.
  'lead',
  // Automated messages (issue 20, R20.1): automation.save adds, tunes or turns one off.
  'automation',
  // Progress tracking (issue 20, R21): metrics defined and changed, entries logged and removed.
  'progress',
  // Messages (issue 20, R22): rooms opened and closed; messages and read markers are not.
  'chat',
] as const;

/** An audited console mutation's name, `product.update`, is its entry's action. */
type ConsoleAuditAction = `${(typeof CONSOLE_AUDIT_AREAS)[number]}.${string}`;

export function isConsoleAuditAction(name: string): name is ConsoleAuditAction {
  const dot = name.indexOf('.');
  const area = name.slice(0, dot);
  return dot > 0 && dot < name.length - 1 && CONSOLE_AUDIT_AREAS.some((a) => a === area);
}

export interface AuditEntryDraft {
  /** From the mutation's `newId()`, so desk and server write the same entry. */
  readonly id: string;
  readonly action: AuditAction;
  readonly targetId: string | null;
  readonly details: { readonly [key: string]: JsonValue };
}

/** What appending needs from a mutation's context. */
export interface AuditWriter {
  readonly db: Kysely<Database>;
  readonly tenantId: string;
  readonly deviceId: string;
  readonly actor: { readonly memberId: string };
  readonly at: IsoTimestamp;
}

type AuditRow = Database['audit_logs'];

/** The entry's content in one spelling, whatever the database did to its JSON. */
export function canonicalAuditEntry(row: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  return canonicalJson({
    id: row.id,
    tenantId: row.tenant_id,
    chainSeq: row.chain_seq,
    action: row.action,
    actorId: row.actor_id,
    deviceId: row.device_id,
    targetId: row.target_id,
    ipAddress: row.ip_address,
    createdAt: row.created_at,
    details: JSON.parse(row.details) as unknown,
  });
}

export function chainHash(prevHash: string | null, canonicalEntry: string): string {
  return bytesToHex(sha256(utf8ToBytes(`${prevHash ?? ''}\n${canonicalEntry}`)));
}

// 'AUDT': the advisory-lock class of audit appends, apart from any other advisory lock.
const AUDIT_LOCK_CLASS = 0x41554454;

/**
 * Postgres applies several desks' pushes at once: two transactions reading the same head
 * would fork the chain, so appends of one tenant take a transaction-scoped advisory lock
 * first (keyed by the random tail of the tenant id). SQLite has a single writer already.
 */
async function serialiseAppends(db: Kysely<Database>, tenantId: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const key = Number.parseInt(tenantId.replaceAll('-', '').slice(-8), 16) | 0;
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}::int4, ${key}::int4)`.execute(db);
}

async function chainHead(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('audit_logs')
    .select(['chain_seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .where('chain_seq', 'is not', null)
    .orderBy('chain_seq', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Appends one entry to the tenant's chain in the caller's transaction. */
export async function appendAuditEntry(
  writer: AuditWriter,
  draft: AuditEntryDraft,
): Promise<{ readonly chainSeq: number; readonly hash: string }> {
  await serialiseAppends(writer.db, writer.tenantId);
  const head = await chainHead(writer.db, writer.tenantId);
  const entry = {
    id: draft.id,
    tenant_id: writer.tenantId,
    chain_seq: (head?.chain_seq ?? 0) + 1,
    action: draft.action,
    actor_id: writer.actor.memberId,
    device_id: writer.deviceId,
    target_id: draft.targetId,
    ip_address: null,
    created_at: writer.at,
    details: canonicalJson(draft.details),
  };
  const prevHash = head?.hash ?? null;
  const hash = chainHash(prevHash, canonicalAuditEntry(entry));
  await writer.db
    .insertInto('audit_logs')
    .values({ ...entry, prev_hash: prevHash, hash })
    .execute();
  return { chainSeq: entry.chain_seq, hash };
}

export interface AuditChainProblem {
  readonly chainSeq: number;
  readonly entryId: string | null;
  /**
   * altered: content or hash changed; broken_link: prev_hash is not the previous entry's
   * hash (an entry before it was changed and re-hashed, or removed); missing: a position has
   * no entry; duplicate: two entries claim one position; truncated: the chain ends before
   * the head the caller recorded.
   */
  readonly problem: 'altered' | 'broken_link' | 'missing' | 'duplicate' | 'truncated';
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly entries: number;
  readonly head: { readonly chainSeq: number; readonly hash: string } | null;
  readonly problems: readonly AuditChainProblem[];
}

/**
 * Recomputes the tenant's chain from its first entry. A changed entry fails its own hash;
 * a removed one leaves a gap and a broken link. Removing the newest entries leaves a
 * shorter valid chain, which only a head recorded elsewhere (`expectedHead`, e.g. from a
 * printed Z report) can reveal.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  tenantId: string,
  expectedHead?: { readonly chainSeq: number; readonly hash: string },
): Promise<AuditVerification> {
  const rows = await db
    .selectFrom('audit_logs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('chain_seq', 'is not', null)
    .orderBy('chain_seq')
    .orderBy('id')
    .execute();
  const problems: AuditChainProblem[] = [];
  let previous: AuditRow | undefined;
  for (const row of rows) {
    const seq = row.chain_seq ?? 0;
    const expectedSeq = (previous?.chain_seq ?? 0) + 1;
    if (previous && seq === previous.chain_seq) {
      problems.push({ chainSeq: seq, entryId: row.id, problem: 'duplicate' });
    } else {
      for (let gap = expectedSeq; gap < seq; gap++) {
        problems.push({ chainSeq: gap, entryId: null, problem: 'missing' });
      }
      if (row.prev_hash !== (previous?.hash ?? null)) {
        problems.push({ chainSeq: seq, entryId: row.id, problem: 'broken_link' });
      }
    }
    if (chainHash(row.prev_hash, canonicalAuditEntry(row)) !== row.hash) {
      problems.push({ chainSeq: seq, entryId: row.id, problem: 'altered' });
    }
    previous = row;
  }
  const head = previous ? { chainSeq: previous.chain_seq ?? 0, hash: previous.hash } : null;
  if (expectedHead) {
    const anchor = rows.find((r) => r.chain_seq === expectedHead.chainSeq);
    if (!anchor) {
      problems.push({ chainSeq: expectedHead.chainSeq, entryId: null, problem: 'truncated' });
    } else if (anchor.hash !== expectedHead.hash) {
      // A consistent chain with another hash at the recorded head was rebuilt after it.
      problems.push({ chainSeq: expectedHead.chainSeq, entryId: anchor.id, problem: 'altered' });
    }
  }
  return { ok: problems.length === 0, entries: rows.length, head, problems };
}
