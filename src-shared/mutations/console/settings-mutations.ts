import { z } from 'zod';
import { quietHoursSchema } from '../../automations/quiet-hours';
import { isTimeZone } from '../../queries/desk-screens/local-day';
import { hasAnyRole, MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { moneySchema } from '../front-desk/front-desk-schemas';
import { readStoredSettings } from '../front-desk/tenant-settings';
import { defineMutation, MutationRefusal } from '../mutation-definition';

/** An IANA zone the runtime's Intl knows: checked the same way on the desk and the server. */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'an IANA time zone such as America/Chicago');

const basisPoints = z.number().int().min(0).max(10_000);
const receiptText = z.string().trim().max(1000).nullable();

export const updateSettingsArgs = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    timeZone: timeZoneSchema.optional(),
    /** ISO 4217, e.g. USD. Owner only, and only while the studio has no sales. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'three capital letters (ISO 4217)')
      .optional(),
    /** Basis points per category (825 is 8.25 %); a category left out keeps its rate. */
    taxRates: z
      .strictObject({
        retail: basisPoints.optional(),
        services: basisPoints.optional(),
        packs: basisPoints.optional(),
      })
      .optional(),
    lateCancelHours: z.number().int().min(0).max(720).optional(),
    lateCancelFee: moneySchema.optional(),
    noShowFee: moneySchema.optional(),
    bookingWindowDays: z.number().int().min(0).max(365).optional(),
    checkInOpensMinutes: z.number().int().min(0).max(1440).optional(),
    checkInClosesMinutes: z.number().int().min(0).max(1440).optional(),
    /** Null clears it. */
    receiptHeader: receiptText.optional(),
    receiptFooter: receiptText.optional(),
    /** When the server's automations send nothing, on the studio's clock (R20.4). */
    automationQuietHours: quietHoursSchema.optional(),
  })
  .refine((a) => Object.keys(a).length > 0, 'name at least one setting to change');

/** The settings keys this mutation writes into `tenants.settings`, as the args name them. */
const JSON_KEYS = [
  'timeZone',
  'lateCancelHours',
  'lateCancelFee',
  'noShowFee',
  'bookingWindowDays',
  'checkInOpensMinutes',
  'checkInClosesMinutes',
  'automationQuietHours',
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Changes the studio's settings. Only the settings named change, so two desks that change
 * different settings offline both stand; for one setting changed at two desks the later to
 * reach the server stands. Unknown keys in `tenants.settings` are kept.
 *
 * Currency: the owner's alone, and only while the studio has recorded no sale, on both
 * sides (a server that holds sales another desk made refuses it too), because every amount
 * recorded is in the old currency.
 */
export const updateSettings = defineMutation({
  name: 'studio.updateSettings',
  description:
    'Changes the studio name, time zone, currency, tax rates, booking and check-in windows, fees and receipt texts.',
  args: updateSettingsArgs,
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const { currency, stored } = await readStoredSettings(ctx.db, ctx.tenantId);
    if (args.currency !== undefined && args.currency !== currency) {
      if (!hasAnyRole(ctx.actor, ['owner'])) {
        throw new MutationRefusal('forbidden', 'only an owner changes the studio’s currency');
      }
      const sale = await ctx.db
        .selectFrom('pos_orders')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .limit(1)
        .executeTakeFirst();
      if (sale !== undefined) {
        throw new MutationRefusal(
          'rule',
          `the studio has recorded sales in ${currency}: its currency can no longer change`,
        );
      }
    }
    const tenant = await ctx.db
      .selectFrom('tenants')
      .select('settings')
      .where('id', '=', ctx.tenantId)
      .executeTakeFirstOrThrow();
    // Written onto the JSON as stored, not as parsed: no default is written as if chosen.
    const raw: unknown = JSON.parse(tenant.settings);
    const next = new Map<string, unknown>(isRecord(raw) ? Object.entries(raw) : []);
    for (const key of JSON_KEYS) {
      if (args[key] !== undefined) next.set(key, args[key]);
    }
    for (const key of ['receiptHeader', 'receiptFooter'] as const) {
      const text = args[key];
      if (text === null || text === '') next.delete(key);
      else if (text !== undefined) next.set(key, text);
    }
    if (args.taxRates !== undefined) {
      const earlier = next.get('taxRates');
      // All three written once any changes: the old single rate stops deciding the others.
      next.set('taxRates', {
        ...(isRecord(earlier) ? earlier : {}),
        retail: args.taxRates.retail ?? stored.taxRates?.retail ?? stored.taxRateBasisPoints,
        services: args.taxRates.services ?? stored.taxRates?.services ?? stored.taxRateBasisPoints,
        packs: args.taxRates.packs ?? stored.taxRates?.packs ?? 0,
      });
    }
    await ctx.db
      .updateTable('tenants')
      .set({
        settings: JSON.stringify(Object.fromEntries(next)),
        ...(args.name === undefined ? {} : { name: args.name }),
        ...(args.currency === undefined ? {} : { currency: args.currency }),
      })
      .where('id', '=', ctx.tenantId)
      .execute();
    return { tenantId: ctx.tenantId };
  },
  audit: (_args, result) => ({ targetId: result.tenantId }),
});
