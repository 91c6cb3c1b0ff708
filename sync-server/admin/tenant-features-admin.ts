import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  FEATURE_CATALOGUE,
  FEATURE_KEYS,
  isFeatureKey,
  type FeatureKey,
} from '../../src-shared/features/feature-catalogue';
import { readStudioFeatures } from '../../src-shared/features/feature-checks';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import type { Database } from '../../src-shared/schema/catalog';
import { isoAt, systemClock } from '../../src-shared/time/clock';
import { inTenantTransaction } from '../db/tenant-transaction';
import { AdminError } from './admin-error';
import { findTenantIdBySlug, type AdminDeps } from './tenant-admin';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A studio named by its id or its slug; one that does not exist is refused. */
export async function resolveTenantRef(db: Kysely<Database>, ref: string): Promise<string> {
  if (!UUID.test(ref)) return findTenantIdBySlug(db, ref);
  const tenantId = ref.toLowerCase();
  // The tenants row is visible only in its own tenant transaction (R7.1).
  const found = await inTenantTransaction(db, tenantId, (trx) =>
    sql<{ id: string }>`select id from tenants where id = ${tenantId}::uuid`.execute(trx),
  );
  if (found.rows.length === 0) {
    throw new AdminError('unknown_tenant', `No studio has the id ${ref}.`);
  }
  return tenantId;
}

export function requireFeatureKey(key: string): FeatureKey {
  if (!isFeatureKey(key)) {
    throw new AdminError(
      'unknown_feature',
      `"${key}" is not a feature; the features are ${FEATURE_KEYS.join(', ')}.`,
    );
  }
  return key;
}

/** One feature of a studio's plan as `serverctl features list` shows it. */
export interface StudioFeatureEntry {
  readonly key: FeatureKey;
  readonly label: string;
  readonly enabled: boolean;
}

export async function listTenantFeatures(
  deps: AdminDeps,
  tenantId: string,
): Promise<StudioFeatureEntry[]> {
  const features = await inTenantTransaction(deps.db, tenantId, (_trx, shared) =>
    readStudioFeatures(shared, tenantId),
  );
  return FEATURE_KEYS.map((key) => ({
    key,
    label: FEATURE_CATALOGUE[key].label,
    enabled: features[key],
  }));
}

/**
 * Switches a feature of a studio's plan on or off (R19.3). Written in the studio's tenant
 * transaction, so change capture logs the row and its desks pull it (and are poked by the
 * commit); a row that already says so is left alone, so nothing is sent for no change.
 */
export async function setTenantFeature(
  deps: AdminDeps,
  tenantId: string,
  key: FeatureKey,
  enabled: boolean,
): Promise<{ readonly changed: boolean }> {
  const clock = deps.clock ?? systemClock;
  const flag = enabled ? 1 : 0;
  const written = await inTenantTransaction(deps.db, tenantId, async (_trx, shared) =>
    shared
      .insertInto('tenant_features')
      .values({
        id: uuidV7(clock.now(), randomBytes),
        tenant_id: tenantId,
        feature_key: key,
        enabled: flag,
        created_at: isoAt(clock),
      })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'feature_key'])
          .doUpdateSet({ enabled: flag })
          .where('tenant_features.enabled', '<>', flag),
      )
      .executeTakeFirst(),
  );
  return { changed: Number(written.numInsertedOrUpdatedRows ?? 0n) > 0 };
}
