import type { Kysely } from 'kysely';
import { z } from 'zod';
import { smtpSettingsSchema } from '../../src-shared/protocol/studio-smtp-messages';
import type { Database } from '../../src-shared/schema/catalog';
import { isoAt, systemClock, type Clock } from '../../src-shared/time/clock';
import { AdminError } from './admin-error';

/**
 * Platform-wide settings (issue 20): one `platform_config` row per key, global and never
 * synced to a desk (R4.6). Known keys are validated by their schema on every write and
 * read; only the platform's operator writes them, with `serverctl config set`.
 */
export const platformConfigSchemas = {
  /** The mail server automations and receipts send through unless a studio has its own. */
  'smtp.default': smtpSettingsSchema,
  /** Web push (VAPID) keys; `subject` is a mailto: or https: contact for push services. */
  'push.vapid': z.strictObject({
    publicKey: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, 'a base64url key'),
    privateKey: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, 'a base64url key'),
    subject: z.string().regex(/^(mailto:|https:\/\/)\S+$/, 'a mailto: or https:// address'),
  }),
  /** How often the server's automation runner looks for work. */
  'jobs.automations': z.strictObject({
    intervalSeconds: z.number().int().min(10).max(86_400),
  }),
} as const;

export type PlatformConfigKey = keyof typeof platformConfigSchemas;
export type PlatformConfigValue<K extends PlatformConfigKey> = z.output<
  (typeof platformConfigSchemas)[K]
>;

export const PLATFORM_CONFIG_KEYS = Object.keys(platformConfigSchemas) as PlatformConfigKey[];

const DESCRIPTIONS: Readonly<Record<PlatformConfigKey, string>> = {
  'smtp.default': 'Default SMTP server for outgoing mail.',
  'push.vapid': 'VAPID keys for web push notifications.',
  'jobs.automations': 'How often the automation runner runs.',
};

export function isPlatformConfigKey(key: string): key is PlatformConfigKey {
  return Object.hasOwn(platformConfigSchemas, key);
}

function requireKnownKey(key: string): PlatformConfigKey {
  if (!isPlatformConfigKey(key)) {
    throw new AdminError(
      'unknown_key',
      `"${key}" is not a platform setting; the settings are ${PLATFORM_CONFIG_KEYS.join(', ')}.`,
    );
  }
  return key;
}

/** jsonb comes back parsed from node-postgres and PGlite; text JSON is parsed here. */
function jsonOf(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

function parseValue<K extends PlatformConfigKey>(key: K, value: unknown): PlatformConfigValue<K> {
  const parsed = platformConfigSchemas[key].safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.map(String).join('.') || 'value'}: ${i.message}`,
    );
    throw new AdminError('invalid_value', `${key}: ${issues.join('; ')}`);
  }
  return parsed.data as PlatformConfigValue<K>;
}

/**
 * A setting's value, typed by its key; undefined when it was never set or is switched off
 * (`enabled = 0`). A stored value its schema refuses (written by hand) is an error naming
 * the key, never a guess.
 */
export async function readPlatformConfig<K extends PlatformConfigKey>(
  db: Kysely<Database>,
  key: K,
): Promise<PlatformConfigValue<K> | undefined> {
  const row = await db
    .selectFrom('platform_config')
    .select(['value', 'enabled'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (row === undefined || row.enabled !== 1) return undefined;
  return parseValue(key, jsonOf(row.value));
}

/**
 * Sets a setting (enabled), after checking the value against its key's schema: an unknown
 * key or a wrong value changes nothing. Returns the value stored.
 */
export async function writePlatformConfig<K extends PlatformConfigKey>(
  db: Kysely<Database>,
  key: K,
  value: PlatformConfigValue<K>,
  clock: Clock = systemClock,
): Promise<PlatformConfigValue<K>> {
  const known = requireKnownKey(key);
  const checked = parseValue(key, value);
  const row = {
    key: known,
    value: JSON.stringify(checked),
    enabled: 1 as const,
    description: DESCRIPTIONS[known],
    updated_at: isoAt(clock),
  };
  await db
    .insertInto('platform_config')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        value: row.value,
        enabled: row.enabled,
        description: row.description,
        updated_at: row.updated_at,
      }),
    )
    .execute();
  return checked;
}

/** A setting typed as text (`serverctl config set KEY JSON`), checked without writing. */
export interface PlatformConfigInput<K extends PlatformConfigKey = PlatformConfigKey> {
  readonly key: K;
  readonly value: PlatformConfigValue<K>;
}

/** Reads the key and JSON as typed; an unknown key, bad JSON or a wrong value is refused. */
export function parsePlatformConfigText(key: string, jsonText: string): PlatformConfigInput {
  const known = requireKnownKey(key);
  let value: unknown;
  try {
    value = JSON.parse(jsonText);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AdminError('invalid_json', `${key}: the value is not JSON (${detail}).`);
  }
  return { key: known, value: parseValue(known, value) };
}

// Fields whose values are secrets, in any setting: never printed in full.
const SECRET_FIELD = /pass|secret|private|token/i;

/** A value with its secret fields masked (their last 4 characters at most), for printing. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([field, inner]) => [
      field,
      SECRET_FIELD.test(field) && typeof inner === 'string' ? maskText(inner) : maskSecrets(inner),
    ]),
  );
}

function maskText(secret: string): string {
  return secret.length >= 16 ? `****${secret.slice(-4)}` : '****';
}

/** One setting as `serverctl config list/get` prints it: secrets masked. */
export interface PlatformConfigEntry {
  readonly key: string;
  readonly value: unknown;
  readonly enabled: boolean;
  readonly description: string | null;
  readonly updatedAt: string;
  /** Whether the key is one this server knows (others were written by older tools). */
  readonly known: boolean;
}

export async function listPlatformConfig(db: Kysely<Database>): Promise<PlatformConfigEntry[]> {
  const rows = await db.selectFrom('platform_config').selectAll().orderBy('key').execute();
  return rows.map((row) => ({
    key: row.key,
    value: maskSecrets(jsonOf(row.value)),
    enabled: row.enabled === 1,
    description: row.description,
    updatedAt: row.updated_at,
    known: isPlatformConfigKey(row.key),
  }));
}

/** One stored setting, secrets masked; a key neither known nor stored is refused. */
export async function getPlatformConfigEntry(
  db: Kysely<Database>,
  key: string,
): Promise<PlatformConfigEntry | undefined> {
  const entry = (await listPlatformConfig(db)).find((e) => e.key === key);
  if (entry === undefined) requireKnownKey(key);
  return entry;
}
