import { randomBytes } from 'node:crypto';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import type { Clock } from '../../src-shared/time/clock';
import type { TenantDatabase } from '../db/tenant-database';
import { readMemberLinkToken, signedPurposeOf } from './member-link-token';
import { withPushTables, type BrowserPushSubscription } from './push-subscriptions';

/**
 * Keeps a device's push subscription for the member a notifications link names (R20.5).
 * A device subscribing again (a new key, or after it was expired) replaces its row; a
 * link whose signature does not match changes nothing.
 */
export async function subscribeByToken(
  tenants: TenantDatabase,
  clock: Clock,
  token: string,
  subscription: BrowserPushSubscription,
): Promise<'subscribed' | 'invalid'> {
  const holder = readMemberLinkToken(token);
  if (holder === undefined) return 'invalid';
  const at = new Date(clock.now()).toISOString();
  return tenants.inTenant(holder.tenantId, async (scoped) => {
    const trx = withPushTables(scoped);
    if ((await signedPurposeOf(scoped, holder, ['notifications'])) === undefined) return 'invalid';
    const member = await trx
      .selectFrom('tenant_members')
      .select('id')
      .where('tenant_id', '=', holder.tenantId)
      .where('id', '=', holder.memberId)
      .executeTakeFirst();
    if (member === undefined) return 'invalid';
    await trx
      .insertInto('member_push_subscriptions')
      .values({
        tenant_id: holder.tenantId,
        id: uuidV7(clock.now(), (n) => randomBytes(n)),
        member_id: holder.memberId,
        endpoint: subscription.endpoint,
        p256dh: subscription.keys.p256dh,
        auth: subscription.keys.auth,
        created_at: at,
        expired_at: null,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'endpoint']).doUpdateSet({
          member_id: holder.memberId,
          p256dh: subscription.keys.p256dh,
          auth: subscription.keys.auth,
          expired_at: null,
        }),
      )
      .execute();
    return 'subscribed';
  });
}
