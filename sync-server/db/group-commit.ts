import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import { ServiceError } from '../support/service-error';
import { ANSWER_UNREAD } from './pipelined-writes';
import {
  APP_ROLE,
  inTenantTransaction,
  tenantScopedViews,
  type TenantWork,
} from './tenant-transaction';

export interface GroupCommitOptions {
  /**
   * Most members in one transaction. Each member takes a savepoint and its work usually one
   * more; Postgres keeps 64 subtransactions per backend in shared memory before other
   * backends' snapshots must look them up on disk, so a group stays well below 32.
   */
  readonly maxMembers: number;
  /** Group transactions open at once: the rest of the pool serves pulls and other routes. */
  readonly maxOpenGroups: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxMembers: 16, maxOpenGroups: 4 };

/** What the group committer has done, for tests and benchmarks. */
export interface GroupCommitStats {
  readonly groups: number;
  readonly members: number;
  /** Members run again alone: their group failed, or they met a lock or database error. */
  readonly ranAlone: number;
}

interface Member {
  readonly tenantId: string;
  readonly work: TenantWork<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type MemberOutcome =
  | { readonly done: true; readonly value: unknown }
  | { readonly done: false; readonly error: unknown };

/**
 * Group commit (issue 21): work of concurrent requests, each in its own tenant, shares one
 * transaction. Each member runs under its own savepoint with its own app.tenant_id, so
 * row-level security scopes it exactly as a transaction of its own would (R7.1), and a
 * member that throws is rolled back alone. The group's BEGIN, COMMIT, WAL flush and the
 * commit-time position assignment (one counter lock per studio in the group, R4.1) are
 * paid once for all of them.
 *
 * Under light load nothing waits: a member arriving while fewer than `maxOpenGroups`
 * groups are open starts a group of its own. Only when that many are open do arrivals
 * queue, and the next group takes them all.
 *
 * A member's answer is given only after its group committed. If the group fails to commit
 * (a lost connection, a deadlock at commit), none of it is known to be durable and every
 * member runs again alone: work that must not happen twice (a push) is exactly-once by its
 * own rules (R3), so a second run of work that did commit answers as a retry would. A
 * member that failed with a database error rather than a ServiceError (a deadlock with
 * another group, a lock timeout) also runs again alone after the group commits, since the
 * error may be the group's doing rather than its own.
 */
export class GroupCommit {
  private readonly waiting: Member[] = [];
  private openGroups = 0;
  private counts = { groups: 0, members: 0, ranAlone: 0 };

  /**
   * @param notifyAfterCommit where servers hear commits through LISTEN (Postgres): the
   *   group's commit leaves out the position trigger's NOTIFY and the group notifies after
   *   it (migration 20261208100000 says why).
   */
  constructor(
    private readonly pool: Kysely<Database>,
    private readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
    private readonly notifyAfterCommit = false,
  ) {}

  get stats(): GroupCommitStats {
    return { ...this.counts };
  }

  run<T>(tenantId: string, work: TenantWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        tenantId,
        work,
        resolve: (value) => {
          resolve(value as T);
        },
        reject,
      });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.openGroups < this.options.maxOpenGroups && this.waiting.length > 0) {
      const members = this.waiting.splice(0, this.options.maxMembers);
      this.openGroups++;
      void this.commitGroup(members).finally(() => {
        this.openGroups--;
        this.startGroups();
      });
    }
  }

  /** No other group is open and nobody waits for one: this commit contends with none. */
  private alone(): boolean {
    return this.openGroups === 1 && this.waiting.length === 0;
  }

  private async commitGroup(members: readonly Member[]): Promise<void> {
    let outcomes: MemberOutcome[];
    // Set inside the transaction's callback, which flow analysis cannot see into.
    const notified = { inCommit: false };
    try {
      outcomes = await this.pool.transaction().execute(async (trx) => {
        await sql`select set_config('role', ${APP_ROLE}, true),
          set_config('app.notify_after_commit', ${this.notifyAfterCommit ? 'on' : 'off'}, true)
          ${ANSWER_UNREAD}`.execute(trx);
        const done: MemberOutcome[] = [];
        for (const member of members) done.push(await runMember(trx, member));
        if (this.notifyAfterCommit && this.alone()) {
          // Alone, the group notifies in its own commit, as every other writer does: no other
          // group is open to wait on the notification lock, and the studio's other desks are
          // poked at the commit rather than a transaction after it (issue 21, B4: a sale
          // reaching desk B). Shares the COMMIT's round trip.
          await sql`select set_config('app.notify_after_commit', 'off', true) ${ANSWER_UNREAD}`.execute(
            trx,
          );
          notified.inCommit = true;
        }
        return done;
      });
    } catch {
      // Nothing of the group is known to be committed: each member runs alone.
      await Promise.all(members.map((member) => this.runAlone(member)));
      return;
    }
    this.counts.groups++;
    this.counts.members += members.length;
    const again: Member[] = [];
    const committed = new Set<string>();
    members.forEach((member, i) => {
      const outcome = outcomes[i];
      if (outcome?.done) {
        committed.add(member.tenantId);
        member.resolve(outcome.value);
      } else if (outcome?.error instanceof ServiceError) member.reject(outcome.error);
      else again.push(member);
    });
    // Answered first: resolving only queues each request's reply behind this.
    if (this.notifyAfterCommit && !notified.inCommit && committed.size > 0) {
      void this.notify([...committed]);
    }
    await Promise.all(again.map((member) => this.runAlone(member)));
  }

  /**
   * Tells every server process the heads of the studios the group committed (R5.1), in a
   * transaction that does not wait for its commit to reach the disk, so it holds Postgres's
   * notification lock for a moment only. A poke is advisory (desks also pull on a timer), so
   * a failure here is let go: the pushes are committed and answered regardless.
   */
  private async notify(tenantIds: readonly string[]): Promise<void> {
    try {
      await sql`select set_config('synchronous_commit', 'off', true),
          pg_notify('studio_sync', json_build_object('tenantId', t.id,
            'position', coalesce((select p.position from sync_positions p
              where p.tenant_id = t.id), 0))::text)
        from unnest(${tenantIds}::uuid[]) as t(id)`.execute(this.pool);
    } catch {
      // Advisory: see above.
    }
  }

  private async runAlone(member: Member): Promise<void> {
    this.counts.ranAlone++;
    try {
      member.resolve(await inTenantTransaction(this.pool, member.tenantId, member.work));
    } catch (error) {
      member.reject(error);
    }
  }
}

/**
 * One member inside the group's transaction: its savepoint, its tenant, its work. The
 * savepoint is not released (a round trip saved; the commit ends it); rolling back to it
 * also undoes the member's app.tenant_id, and the next member sets its own anyway.
 */
async function runMember(trx: Transaction<Database>, member: Member): Promise<MemberOutcome> {
  try {
    // Neither waits for its answer: they share the round trip of the work's first statement.
    await sql`savepoint group_member`.execute(trx);
    await sql`select set_config('app.tenant_id', ${member.tenantId}, true) ${ANSWER_UNREAD}`.execute(
      trx,
    );
    const { scoped, shared } = tenantScopedViews(trx);
    return { done: true, value: await member.work(scoped, shared) };
  } catch (error) {
    // If this fails too the connection is gone: the group fails and every member runs alone.
    await sql`rollback to savepoint group_member`.execute(trx);
    return { done: false, error };
  }
}
