import { CompiledQuery } from 'kysely';
import { z } from 'zod';
import type { MutationEnvelope } from '../../src-shared/protocol/sync-messages';
import type { TenantTransaction } from '../db/tenant-transaction';
import { DUPLICATE_CODE, type EarlierOutcome } from './push-batch';

/** What a push must know before it applies anything, read in one round trip. */
export interface PushPrologue {
  /** Undefined when the device row is gone. */
  readonly device: { readonly lastAppliedSeq: number; readonly status: string } | undefined;
  /** The studio's head as the push starts (R3.5). */
  readonly head: number;
  /** Outcomes of the batch's mutation ids seen before, under any device or seq (R3.8). */
  readonly earlier: ReadonlyMap<string, EarlierOutcome>;
  /** The roles of the first mutation's actor (any role: the batch checks which are staff). */
  readonly firstActorRoles: readonly string[] | undefined;
}

const earlierRow = z.object({
  mutation_id: z.string(),
  outcome: z.enum(['applied', 'refused']),
  code: z.string().nullable(),
  reason: z.string().nullable(),
});

// Built once: a zod schema costs more to construct than to check a short array with.
const earlierRows = z.array(earlierRow);
const roleNames = z.array(z.string());

const prologueRow = z.object({
  last_applied_seq: z.coerce.number().int().nullable(),
  status: z.string().nullable(),
  head: z.coerce.number().int().nullable(),
  earlier: z.string().nullable(),
  roles: z.string().nullable(),
});

/** The prologue's SQL text for each shape of push, built once (see prologueText). */
const prologueTexts = new Map<string, string>();

/**
 * The prologue's SQL for a push of `idCount` mutation ids, with or without an actor, its
 * parameters numbered in the order readPushPrologue lists them. Written out rather than
 * built with Kysely's `sql` on every push (issue 21: building and compiling the same text
 * was a share of the server's CPU per push); the text depends only on these two counts.
 */
function prologueText(idCount: number, withActor: boolean): string {
  const key = `${String(idCount)}:${String(withActor)}`;
  const known = prologueTexts.get(key);
  if (known !== undefined) return known;
  let next = 0;
  const p = () => `$${String(++next)}`;
  const device = p();
  const headTenant = p();
  let earlier = 'null';
  if (idCount > 0) {
    const tenant = p();
    const ids = Array.from({ length: idCount }, p).join(', ');
    earlier = `(select json_agg(json_build_object('mutation_id', l.mutation_id,
            'outcome', l.outcome, 'code', l.code, 'reason', l.reason))::text
          from mutation_log l
          where l.tenant_id = ${tenant} and l.mutation_id in (${ids})
            and (l.code is null or l.code <> ${p()}))`;
  }
  let roles = 'null';
  if (withActor) {
    const tenant = p();
    roles = `(select json_agg(r.role)::text from tenant_roles r
          join tenant_members m on m.tenant_id = r.tenant_id and m.id = r.member_id
          where r.tenant_id = ${tenant} and r.member_id = ${p()} and m.status = 'active')`;
  }
  const lockTenant = p();
  const lockDevice = p();
  // app.device_id names the device whose mutations the following statements write, for
  // the change capture (transaction-local like app.tenant_id; read as nullif(…, '')).
  const text = `select set_config('app.device_id', ${device}, true) as device_set,
        d.last_applied_seq, d.status,
        (select p.position from sync_positions p where p.tenant_id = ${headTenant}) as head,
        ${earlier} as earlier, ${roles} as roles
      from (select 1) as one
      left join lateral (select last_applied_seq, status from devices
        where tenant_id = ${lockTenant} and id = ${lockDevice} for update) d on true`;
  prologueTexts.set(key, text);
  return text;
}

/**
 * Reads the push's prologue in one statement (issue 21: it was four round trips). The
 * device row is locked FOR UPDATE, which serialises pushes of one device, so two retries
 * cannot both apply a seq (R3.2); the head, the earlier outcomes and the actor's roles are
 * read beside it. The subqueries run as the transaction's role under row-level security
 * like any other statement. A device row that is missing still answers one row, so a
 * revoked or unknown device is told apart from a failed read. It also names the pushing
 * device in app.device_id for the rest of the push.
 */
export async function readPushPrologue(
  trx: TenantTransaction,
  device: { readonly tenantId: string; readonly deviceId: string },
  fresh: readonly MutationEnvelope[],
): Promise<PushPrologue> {
  const { tenantId, deviceId } = device;
  const ids = fresh.map((m) => m.id);
  const actorId = fresh[0]?.actorId;
  const parameters: unknown[] = [deviceId, tenantId];
  if (ids.length > 0) parameters.push(tenantId, ...ids, DUPLICATE_CODE);
  if (actorId !== undefined) parameters.push(tenantId, actorId);
  parameters.push(tenantId, deviceId);
  const text = prologueText(ids.length, actorId !== undefined);
  const result = await trx.executeQuery(CompiledQuery.raw(text, parameters));
  const row = prologueRow.parse(result.rows[0]);
  const earlier = earlierRows.parse(JSON.parse(row.earlier ?? '[]'));
  return {
    device:
      row.status === null
        ? undefined
        : { lastAppliedSeq: row.last_applied_seq ?? 0, status: row.status },
    head: row.head ?? 0,
    earlier: new Map(
      earlier.map((r) => [
        r.mutation_id,
        r.outcome === 'applied'
          ? { outcome: 'applied' }
          : { outcome: 'refused', code: r.code ?? 'failed', reason: r.reason ?? '' },
      ]),
    ),
    firstActorRoles:
      actorId === undefined ? undefined : roleNames.parse(JSON.parse(row.roles ?? '[]')),
  };
}
