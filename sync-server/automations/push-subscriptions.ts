import { z } from 'zod';
import type { ServerSchema } from '../db/server-tables';
import { withTenantTables, type TenantTransaction } from '../db/tenant-transaction';

/** Server-only (server migration 20261206140100): each device a member turned notifications on. */
export type PushSubscriptionTables = {
  member_push_subscriptions: {
    tenant_id: string;
    id: string;
    member_id: string;
    endpoint: string;
    p256dh: string;
    auth: string;
    created_at: string;
    expired_at: string | null;
  };
};

export type PushTransaction = TenantTransaction<ServerSchema & PushSubscriptionTables>;

export function withPushTables(trx: TenantTransaction): PushTransaction {
  return withTenantTables<PushSubscriptionTables, ServerSchema>(trx);
}

/** A browser's PushSubscription as `subscription.toJSON()` gives it (Push API). */
export const pushSubscriptionSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https$/ }).max(1000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    // An uncompressed P-256 point (65 bytes) and a 16-byte secret, base64url.
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, 'p256dh is a base64url P-256 key'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/, 'auth is a base64url 16-byte secret'),
  }),
});
export type BrowserPushSubscription = z.output<typeof pushSubscriptionSchema>;

export interface DeviceSubscription {
  readonly id: string;
  readonly memberId: string;
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
}

/** The live subscriptions of these members, by member. */
export async function subscriptionsOf(
  trx: PushTransaction,
  tenantId: string,
  memberIds: readonly string[],
): Promise<Map<string, DeviceSubscription[]>> {
  const byMember = new Map<string, DeviceSubscription[]>();
  if (memberIds.length === 0) return byMember;
  const rows = await trx
    .selectFrom('member_push_subscriptions')
    .select(['id', 'member_id', 'endpoint', 'p256dh', 'auth'])
    .where('tenant_id', '=', tenantId)
    .where('member_id', 'in', [...new Set(memberIds)])
    .where('expired_at', 'is', null)
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const list = byMember.get(row.member_id) ?? [];
    list.push({
      id: row.id,
      memberId: row.member_id,
      endpoint: row.endpoint,
      p256dh: row.p256dh,
      auth: row.auth,
    });
    byMember.set(row.member_id, list);
  }
  return byMember;
}
