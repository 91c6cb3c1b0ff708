import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { MutationRefusal } from '../mutation-definition';

const basisPoints = z.number().int().min(0).max(10_000);
const minorUnits = z.number().int().min(0).max(100_000_000);

/**
 * Settings are JSON the owner edits (`studio.updateSettings`); unknown keys belong to other
 * features and are kept. Every key is optional, so a studio's settings written before a key
 * existed still read, with the defaults below.
 */
export const storedSettingsSchema = z.looseObject({
  // Before tax categories: one rate for everything taxable, now the retail/services default.
  taxRateBasisPoints: basisPoints.default(0),
  taxRates: z
    .looseObject({
      retail: basisPoints.optional(),
      services: basisPoints.optional(),
      packs: basisPoints.optional(),
    })
    .optional(),
  timeZone: z.string().min(1).max(64).optional(),
  lateCancelHours: z.number().min(0).max(720).optional(),
  // The name the demo studios were generated with; lateCancelHours wins when both exist.
  lateCancelWindowHours: z.number().min(0).max(720).optional(),
  lateCancelFee: minorUnits.optional(),
  noShowFee: minorUnits.optional(),
  bookingWindowDays: z.number().int().min(0).max(365).optional(),
  checkInOpensMinutes: z.number().int().min(0).max(1440).optional(),
  checkInClosesMinutes: z.number().int().min(0).max(1440).optional(),
  waitlistAutoPromote: z.boolean().default(true),
  receiptHeader: z.string().max(1000).optional(),
  receiptFooter: z.string().max(1000).optional(),
});

export type StoredSettings = z.output<typeof storedSettingsSchema>;

/** What a sold line is taxed as: class packs, memberships and drop-ins are `packs`. */
export type TaxCategory = 'retail' | 'services' | 'packs';

/** Tax rates by category in basis points: 825 is 8.25 %. */
export type TaxRates = Readonly<Record<TaxCategory, number>>;

export const DEFAULT_LATE_CANCEL_HOURS = 12;
export const DEFAULT_BOOKING_WINDOW_DAYS = 30;
export const DEFAULT_CHECK_IN_OPENS_MINUTES = 60;
export const DEFAULT_CHECK_IN_CLOSES_MINUTES = 15;

export interface TenantSettings {
  readonly studioName: string;
  readonly currency: string;
  /** The studio's IANA zone; null when never set (each location's own zone applies). */
  readonly timeZone: string | null;
  /**
   * Products by their tax category, packs/memberships/drop-ins by `packs`. A studio whose
   * settings predate categories taxes retail and services at its old single rate and packs
   * at nothing, which is what it did before.
   */
  readonly taxRates: TaxRates;
  /** A booking cancelled closer than this to the class start is a late cancel. */
  readonly lateCancelHours: number;
  /** Minor units; 0 means none. Recorded for the console; no mutation charges them yet. */
  readonly lateCancelFee: number;
  readonly noShowFee: number;
  /** How many days ahead a class may be booked. */
  readonly bookingWindowDays: number;
  /** Check-in opens this many minutes before the start and closes this many after it. */
  readonly checkInOpensMinutes: number;
  readonly checkInClosesMinutes: number;
  /** Whether a freed place goes to the first of the waitlist at once. */
  readonly waitlistAutoPromote: boolean;
  readonly receiptHeader: string | null;
  readonly receiptFooter: string | null;
}

/** Settings texts already checked, with what they mean; a changed text is checked anew. */
const settingsOfText = new Map<string, StoredSettings>();
/** Distinct settings texts kept; past it the memo starts over (a server of many studios). */
const SETTINGS_TEXTS_KEPT = 1_000;

/** Freezes a parsed JSON value whole: a memoised settings object is shared by every caller. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A stored settings text, parsed and validated once per distinct text (issue 21: the server
 * parsed the same studio's settings with zod on every sale it applied). The memo is keyed by
 * the text itself, so an owner's change is seen at once; the row is still read each time.
 */
function parseStoredSettings(text: string): StoredSettings {
  const known = settingsOfText.get(text);
  if (known !== undefined) return known;
  const parsed = storedSettingsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    // A wrong tax rate must not be guessed: refuse until the owner fixes the settings.
    throw new MutationRefusal(
      'invalid',
      `the studio's settings are malformed: ${parsed.error.message}`,
    );
  }
  if (settingsOfText.size >= SETTINGS_TEXTS_KEPT) settingsOfText.clear();
  const settings = deepFreeze(parsed.data);
  settingsOfText.set(text, settings);
  return settings;
}

/** The settings JSON of a tenant as stored, validated; unknown keys are kept. */
export async function readStoredSettings(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ readonly name: string; readonly currency: string; readonly stored: StoredSettings }> {
  const tenant = await db
    .selectFrom('tenants')
    .select(['name', 'currency', 'settings'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (!tenant) throw new MutationRefusal('not_found', `tenant ${tenantId} does not exist`);
  return {
    name: tenant.name,
    currency: tenant.currency,
    stored: parseStoredSettings(tenant.settings),
  };
}

/** The settings a stored JSON means, with the defaults for what it does not say. */
export function settingsFrom(name: string, currency: string, s: StoredSettings): TenantSettings {
  return {
    studioName: name,
    currency,
    timeZone: s.timeZone ?? null,
    taxRates: {
      retail: s.taxRates?.retail ?? s.taxRateBasisPoints,
      services: s.taxRates?.services ?? s.taxRateBasisPoints,
      packs: s.taxRates?.packs ?? 0,
    },
    lateCancelHours: s.lateCancelHours ?? s.lateCancelWindowHours ?? DEFAULT_LATE_CANCEL_HOURS,
    lateCancelFee: s.lateCancelFee ?? 0,
    noShowFee: s.noShowFee ?? 0,
    bookingWindowDays: s.bookingWindowDays ?? DEFAULT_BOOKING_WINDOW_DAYS,
    checkInOpensMinutes: s.checkInOpensMinutes ?? DEFAULT_CHECK_IN_OPENS_MINUTES,
    checkInClosesMinutes: s.checkInClosesMinutes ?? DEFAULT_CHECK_IN_CLOSES_MINUTES,
    waitlistAutoPromote: s.waitlistAutoPromote,
    receiptHeader: s.receiptHeader ?? null,
    receiptFooter: s.receiptFooter ?? null,
  };
}

/** Reads the front-desk settings of a tenant from `tenants.settings`. */
export async function readTenantSettings(
  db: Kysely<Database>,
  tenantId: string,
): Promise<TenantSettings> {
  const { name, currency, stored } = await readStoredSettings(db, tenantId);
  return settingsFrom(name, currency, stored);
}
