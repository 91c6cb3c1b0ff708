import type { TenantDatabase } from '../db/tenant-database';
import type { PokeHub } from '../sync/poke-hub';
import { headAfterWrites } from '../sync/committed-head';
import { isSignedFor, readMemberLinkToken } from './member-link-token';

export type OptOutResult =
  | { readonly outcome: 'unsubscribed' | 'already'; readonly studio: string }
  | { readonly outcome: 'invalid' };

/**
 * Honours an unsubscribe link (R20.3): the member's `messages_opt_out_at` is set once,
 * which every automation and channel checks before it claims a send, and which reaches the
 * desks by pull like any change. A link whose signature does not match its studio's key
 * changes nothing and says only that it is not valid.
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
    const secrets = await trx.selectFrom('tenant_secrets').select('pin_pepper').executeTakeFirst();
    if (secrets === undefined || !isSignedFor(secrets.pin_pepper, 'unsubscribe', holder))
      return undefined;
    const studio = await trx.selectFrom('tenants').select('name').executeTakeFirst();
    const changed = await trx
      .updateTable('tenant_members')
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
