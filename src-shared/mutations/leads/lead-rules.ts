import type { Database } from '../../schema/catalog';
import { deskOnly } from '../front-desk/desk-rules';
import type { MutationContext } from '../mutation-definition';
import { tenantRow } from '../tenant-row';

export type LeadRow = Database['leads'];

export async function findLead(ctx: MutationContext, leadId: string): Promise<LeadRow> {
  return tenantRow(ctx.db, ctx.tenantId, 'leads', leadId, 'lead');
}

/**
 * A converted lead is a member now and its pipeline is over (R18.4): a change another desk
 * made to it offline is refused at the desk, and at the server the conversion stands and the
 * later call is applied as nothing (`applied: false`). Notes are still taken.
 */
export function convertedAlready(ctx: MutationContext, lead: LeadRow, change: string): boolean {
  if (lead.status !== 'converted') return false;
  deskOnly(ctx, false, `${lead.name ?? 'this lead'} is a member now: the lead cannot ${change}`);
  return true;
}

/** Writes the given fields of a lead and stamps the change. */
export async function patchLead(
  ctx: MutationContext,
  leadId: string,
  fields: Partial<Omit<LeadRow, 'id' | 'tenant_id' | 'created_at'>>,
): Promise<void> {
  await ctx.db
    .updateTable('leads')
    .set({ ...fields, updated_at: ctx.at })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', leadId)
    .execute();
}
