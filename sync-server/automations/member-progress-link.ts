import {
  memberProgress,
  type MetricProgress,
} from '../../src-shared/queries/progress/member-progress';
import type { TenantDatabase } from '../db/tenant-database';
import { readMemberLinkToken, signedPurposeOf } from './member-link-token';

export type ProgressLinkResult =
  | {
      readonly outcome: 'shown';
      readonly studio: string;
      readonly metrics: readonly MetricProgress[];
    }
  | { readonly outcome: 'invalid' };

/**
 * What a member's progress link shows (R21.5): the student view of their progress, the
 * metrics the studio made visible to students and nothing staff-only. Read only. A link
 * whose signature does not match its studio's key, or for another purpose, shows nothing.
 */
export async function progressByToken(
  tenants: TenantDatabase,
  token: string,
): Promise<ProgressLinkResult> {
  const holder = readMemberLinkToken(token);
  if (holder === undefined) return { outcome: 'invalid' };
  const shown = await tenants.inTenant(holder.tenantId, async (trx, shared) => {
    if ((await signedPurposeOf(trx, holder, ['progress'])) === undefined) return undefined;
    const member = await shared
      .selectFrom('tenant_members')
      .select('id')
      .where('tenant_id', '=', holder.tenantId)
      .where('id', '=', holder.memberId)
      .executeTakeFirst();
    if (member === undefined) return undefined;
    const studio = await trx.selectFrom('tenants').select('name').executeTakeFirst();
    const metrics = await memberProgress(shared, holder.tenantId, holder.memberId, {
      studentView: true,
      historyLimit: 3,
    });
    return { studio: studio?.name ?? 'Your studio', metrics };
  });
  return shown === undefined ? { outcome: 'invalid' } : { outcome: 'shown', ...shown };
}
