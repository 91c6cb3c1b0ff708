import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { MutationRefusal } from '../mutation-definition';

// Settings are JSON the owner edits; unknown keys belong to other features and are kept.
const settingsSchema = z.looseObject({
  taxRateBasisPoints: z.number().int().min(0).max(10_000).default(0),
  lateCancelHours: z.number().min(0).max(720).optional(),
  // The name the demo studios were generated with; lateCancelHours wins when both exist.
  lateCancelWindowHours: z.number().min(0).max(720).optional(),
  waitlistAutoPromote: z.boolean().default(true),
  receiptFooter: z.string().max(1000).optional(),
});

const DEFAULT_LATE_CANCEL_HOURS = 12;

export interface TenantSettings {
  readonly studioName: string;
  readonly currency: string;
  /** 825 is 8.25 %. */
  readonly taxRateBasisPoints: number;
  /** A booking cancelled closer than this to the class start is a late cancel. */
  readonly lateCancelHours: number;
  /** Whether a freed place goes to the first of the waitlist at once. */
  readonly waitlistAutoPromote: boolean;
  readonly receiptFooter: string | null;
}

/** Reads the front-desk settings of a tenant from `tenants.settings`. */
export async function readTenantSettings(
  db: Kysely<Database>,
  tenantId: string,
): Promise<TenantSettings> {
  const tenant = await db
    .selectFrom('tenants')
    .select(['name', 'currency', 'settings'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (!tenant) throw new MutationRefusal('not_found', `tenant ${tenantId} does not exist`);
  const parsed = settingsSchema.safeParse(JSON.parse(tenant.settings));
  if (!parsed.success) {
    // A wrong tax rate must not be guessed: refuse until the owner fixes the settings.
    throw new MutationRefusal(
      'invalid',
      `the studio's settings are malformed: ${parsed.error.message}`,
    );
  }
  const settings = parsed.data;
  return {
    studioName: tenant.name,
    currency: tenant.currency,
    taxRateBasisPoints: settings.taxRateBasisPoints,
    lateCancelHours:
      settings.lateCancelHours ?? settings.lateCancelWindowHours ?? DEFAULT_LATE_CANCEL_HOURS,
    waitlistAutoPromote: settings.waitlistAutoPromote,
    receiptFooter: settings.receiptFooter ?? null,
  };
}
