import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';

type SessionRow = Database['cash_drawer_sessions'];
type MovementType = Database['cash_movements']['type'];

/**
 * A drawer belongs to one desk: only that device opens, moves and closes its session, and
 * its mutations reach the server in the desk's own order, so the session the desk saw is
 * the session the server finds and the expected cash at close is the same on both sides.
 */
export function openDrawerSession(
  db: Kysely<Database>,
  tenantId: string,
  deviceId: string,
): Promise<SessionRow | undefined> {
  return db
    .selectFrom('cash_drawer_sessions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('status', '=', 'open')
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function addCashMovement(
  ctx: MutationContext,
  movement: {
    readonly id: string;
    readonly sessionId: string;
    readonly type: MovementType;
    /** Signed: into the drawer is positive. */
    readonly amount: number;
    readonly reason: string | null;
    readonly paymentId: string | null;
  },
): Promise<void> {
  await ctx.db
    .insertInto('cash_movements')
    .values({
      id: movement.id,
      tenant_id: ctx.tenantId,
      session_id: movement.sessionId,
      type: movement.type,
      amount: movement.amount,
      reason: movement.reason,
      payment_id: movement.paymentId,
      staff_id: ctx.actor.memberId,
      created_at: ctx.at,
    })
    .execute();
}

/** The opening float plus every movement: what the drawer should hold. */
export async function expectedCash(db: Kysely<Database>, session: SessionRow): Promise<number> {
  const moved = await db
    .selectFrom('cash_movements')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
    .where('tenant_id', '=', session.tenant_id)
    .where('session_id', '=', session.id)
    .executeTakeFirstOrThrow();
  return session.opening_float + moved.total;
}
