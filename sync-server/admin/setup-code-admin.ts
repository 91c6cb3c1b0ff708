import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../src-shared/schema/catalog';
import { isoAt, systemClock } from '../../src-shared/time/clock';
import type { PlatformTables } from '../db/server-tables';
import { newSetupCode, normalizeEnrollmentCode, sha256Hex } from '../support/secret-tokens';
import { parseOrRefuse, type AdminDeps } from './tenant-admin';

export const setupCodeInputSchema = z.strictObject({
  ttlHours: z
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(24),
});
export type SetupCodeInput = z.input<typeof setupCodeInputSchema>;

export interface SetupCode {
  /** Shown once; only its SHA-256 is stored. */
  readonly setupCode: string;
  readonly expiresAt: string;
}

/**
 * A one-time code with which a desk creates a new studio, its owner and itself
 * (`POST /v1/setup`), valid for 24 hours by default. The code belongs to no tenant: it is a
 * platform row, written with the pool, which is why this is an operator's command.
 */
export async function createSetupCode(
  deps: AdminDeps,
  input: SetupCodeInput = {},
): Promise<SetupCode> {
  const { ttlHours } = parseOrRefuse(setupCodeInputSchema, input);
  const clock = deps.clock ?? systemClock;
  const setupCode = newSetupCode();
  const expiresAt = new Date(clock.now() + ttlHours * 3_600_000).toISOString();
  const platform: Kysely<Database & PlatformTables> = deps.db.withTables<PlatformTables>();
  await platform
    .insertInto('setup_codes')
    .values({
      code_hash: sha256Hex(normalizeEnrollmentCode(setupCode)),
      expires_at: expiresAt,
      used_at: null,
      used_by_tenant_id: null,
      created_at: isoAt(clock),
    })
    .execute();
  return { setupCode, expiresAt };
}
