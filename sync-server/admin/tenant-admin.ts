import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import type { Database } from '../../src-shared/schema/catalog';
import { insertTenantRows } from '../db/studio-rows';
import { inTenantTransaction } from '../db/tenant-transaction';
import { isoAt, systemClock, type Clock } from '../../src-shared/time/clock';
import { newPinPepper } from '../support/secret-tokens';
import { AdminError } from './admin-error';

/** What admin services need; the tenant they act on is an argument of each. */
export interface AdminDeps {
  readonly db: Kysely<Database>;
  readonly clock?: Clock;
}

export const tenantInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  slug: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/, 'lowercase letters, digits and inner dashes'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
    .default('USD'),
});
export type TenantInput = z.input<typeof tenantInputSchema>;

export interface CreatedTenant {
  readonly tenantId: string;
  readonly slug: string;
  readonly name: string;
}

export function parseOrRefuse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
    throw new AdminError('invalid_input', issues.join('; '));
  }
  return parsed.data;
}

/** The id of the tenant with this slug, found before any tenant is set (a definer lookup). */
export async function findTenantIdBySlug(db: Kysely<Database>, slug: string): Promise<string> {
  const found = await sql<{
    id: string | null;
  }>`select studio_tenant_id_by_slug(${slug}) as id`.execute(db);
  const id = found.rows[0]?.id;
  if (!id) throw new AdminError('unknown_tenant', `No studio has the slug "${slug}".`);
  return id;
}

/**
 * Creates a studio: its tenants row (whose capture trigger also starts its change log at
 * position 1) and its secrets, with a fresh PIN pepper.
 */
export async function createTenant(deps: AdminDeps, input: TenantInput): Promise<CreatedTenant> {
  const { name, slug, currency } = parseOrRefuse(tenantInputSchema, input);
  const clock = deps.clock ?? systemClock;
  const taken = await sql<{
    id: string | null;
  }>`select studio_tenant_id_by_slug(${slug}) as id`.execute(deps.db);
  if (taken.rows[0]?.id)
    throw new AdminError('slug_taken', `A studio already has the slug "${slug}".`);
  const tenantId = uuidV7(clock.now(), randomBytes);
  const now = isoAt(clock);
  await inTenantTransaction(deps.db, tenantId, (trx) =>
    insertTenantRows(trx, { tenantId, slug, name, currency, pinPepper: newPinPepper(), now }),
  );
  return { tenantId, slug, name };
}
