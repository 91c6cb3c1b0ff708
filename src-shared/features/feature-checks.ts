import type { Kysely } from 'kysely';
import { MutationRefusal } from '../mutations/mutation-definition';
import type { Database } from '../schema/catalog';
import {
  featureOffReason,
  featureOfMutation,
  isFeatureKey,
  type FeatureKey,
  type StudioFeatures,
} from './feature-catalogue';

/**
 * Whether the studio's plan includes a feature. Read from `tenant_features` on whichever side
 * runs it: the server's rows, or the desk's synced copy. No row means on (R19.1).
 */
export async function isFeatureEnabled(
  db: Kysely<Database>,
  tenantId: string,
  key: FeatureKey,
): Promise<boolean> {
  const row = await db
    .selectFrom('tenant_features')
    .select('enabled')
    .where('tenant_id', '=', tenantId)
    .where('feature_key', '=', key)
    .executeTakeFirst();
  return row === undefined || row.enabled === 1;
}

/** Every catalogued feature's state; rows for keys the catalogue does not know are ignored. */
export async function readStudioFeatures(
  db: Kysely<Database>,
  tenantId: string,
): Promise<StudioFeatures> {
  const rows = await db
    .selectFrom('tenant_features')
    .select(['feature_key', 'enabled'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const features: Record<FeatureKey, boolean> = {
    appointments: true,
    automations: true,
    card_payments: true,
  };
  for (const row of rows) {
    if (isFeatureKey(row.feature_key)) features[row.feature_key] = row.enabled === 1;
  }
  return features;
}

/**
 * Refuses a mutation whose feature the studio's plan leaves out (`not_in_plan`), before its
 * body writes anything. Only mutations the catalogue lists are looked up: the rest cost
 * nothing.
 */
export async function refuseOutsidePlan(
  db: Kysely<Database>,
  tenantId: string,
  mutationName: string,
): Promise<void> {
  const feature = featureOfMutation(mutationName);
  if (feature === undefined) return;
  if (await isFeatureEnabled(db, tenantId, feature)) return;
  throw new MutationRefusal('not_in_plan', `${mutationName}: ${featureOffReason(feature)}`);
}
