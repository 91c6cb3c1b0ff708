import type { TenantDatabase } from '../db/tenant-database';
import type { PokeHub } from '../sync/poke-hub';
import { headAfterWrites } from '../sync/committed-head';
import { readMemberLinkToken, signedPurposeOf, type LinkPurpose } from './member-link-token';

export type OptOutResult =
  | { readonly outcome: 'unsubscribed' | 'already'; readonly studio: string }
  | { readonly outcome: 'invalid' };

/**
 * Who an unsubscribe link is for, by the purpose its signature was made for: a member's
 * link names a member, a lead's (the trial follow-up) a lead, and neither passes for the
 * other.
 */
const OPT_OUT_TABLES = [
  { purpose: 'unsubscribe', table: 'tenant_members' },
  { purpose: 'lead-unsubscribe', table: 'leads' },
] as const satisfies readonly { purpose: LinkPurpose; table: string }[];

/**
 * Honours an unsubscribe link (R20.3): the member's (or lead's) `messages_opt_out_at` is
 * set once, which every automation and channel checks before it claims a send, and which
 * reaches the desks by pull like any change. A link whose signature does not match its
 * studio's key changes nothing and says only that it is not valid.
 */
export async function optOutByToken(
  tenants: TenantDatabase,
  hub: PokeHub,
  token: string,
  at: string,
): Promise<OptOutResult> {
  const holder = readMemberLinkToken(token);
  if (holder === undefined) return { outcome: 'invalid' };
  const result = await tenants.inTenant(holder.tenantId, async (trx) => {
    const purpose = await signedPurposeOf(
      trx,
      holder,
      OPT_OUT_TABLES.map((t) => t.purpose),
    );
    const target = OPT_OUT_TABLES.find((t) => t.purpose === purpose);
    if (target === undefined) return undefined;
    const studio = await trx.selectFrom('tenants').select('name').executeTakeFirst();
    const changed = await trx
      .updateTable(target.table)
      .set({ messages_opt_out_at: at, updated_at: at })
      .where('tenant_id', '=', holder.tenantId)
      .where('id', '=', holder.memberId)
      .where('messages_opt_out_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    const position = changed ? await headAfterWrites(trx, holder.tenantId) : undefined;
    return { studio: studio?.name ?? 'the studio', position };
  });
  if (result === undefined) return { outcome: 'invalid' };
  if (result.position !== undefined) hub.publish(holder.tenantId, result.position);
  return {
    outcome: result.position === undefined ? 'already' : 'unsubscribed',
    studio: result.studio,
  };
}
