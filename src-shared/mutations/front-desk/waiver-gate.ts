import type { Kysely } from 'kysely';
import { appendAuditEntry } from '../../audit/audit-chain';
import type { Database } from '../../schema/catalog';
import { MutationRefusal, type MutationContext } from '../mutation-definition';
import { deskOnly } from './desk-rules';
import { hasAnyRole, WAIVER_OVERRIDE_ROLES } from './front-desk-roles';

/** The required, active waivers the member has not signed. */
export function missingWaivers(
  db: Kysely<Database>,
  tenantId: string,
  memberId: string,
): Promise<{ id: string; title: string }[]> {
  return db
    .selectFrom('waiver_templates as t')
    .select(['t.id', 't.title'])
    .where('t.tenant_id', '=', tenantId)
    .where('t.required', '=', 1)
    .where('t.active', '=', 1)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('waiver_signatures as s')
            .select('s.id')
            .whereRef('s.tenant_id', '=', 't.tenant_id')
            .whereRef('s.template_id', '=', 't.id')
            .where('s.member_id', '=', memberId),
        ),
      ),
    )
    .orderBy('t.title')
    .execute();
}

/**
 * A required waiver blocks check-in until signed. Staff may let the member in anyway with a
 * reason, which is audited. The server does not block: signatures sync, so what the desk
 * saw signed is signed there too, and an override was already judged at the desk.
 */
export async function passWaiverGate(
  ctx: MutationContext,
  gate: {
    readonly memberId: string;
    readonly bookingId: string;
    readonly overrideReason: string | undefined;
    readonly auditId: string;
  },
): Promise<void> {
  const missing = await missingWaivers(ctx.db, ctx.tenantId, gate.memberId);
  if (missing.length === 0) return;
  const titles = missing.map((w) => w.title).join(', ');
  if (gate.overrideReason === undefined) {
    deskOnly(ctx, false, `the member has not signed: ${titles}`);
    return;
  }
  if (!hasAnyRole(ctx.actor, WAIVER_OVERRIDE_ROLES)) {
    throw new MutationRefusal(
      'forbidden',
      'letting a member in without a signed waiver needs desk staff',
    );
  }
  await appendAuditEntry(ctx, {
    id: gate.auditId,
    action: 'waiver.override',
    targetId: gate.bookingId,
    details: {
      memberId: gate.memberId,
      waiverTemplateIds: missing.map((w) => w.id),
      reason: gate.overrideReason,
    },
  });
}
