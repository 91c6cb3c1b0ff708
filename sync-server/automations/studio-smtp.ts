import type { SmtpSettingsValue } from '../../src-shared/protocol/studio-smtp-messages';
import type { ServerSchema } from '../db/server-tables';
import type { TenantDatabase } from '../db/tenant-database';
import { withTenantTables, type TenantTransaction } from '../db/tenant-transaction';
import type { SmtpSettings } from './automation-mail';

/** Server-only (server migration 20261207110100): a studio's own SMTP server, one row. */
export type StudioSmtpTables = {
  studio_smtp_settings: {
    tenant_id: string;
    host: string;
    port: number;
    secure: 0 | 1;
    smtp_user: string | null;
    smtp_pass: string | null;
    from_address: string;
    updated_by: string | null;
    updated_at: string;
  };
};

export type StudioSmtpTransaction = TenantTransaction<ServerSchema & StudioSmtpTables>;

export function withStudioSmtpTables(trx: TenantTransaction): StudioSmtpTransaction {
  return withTenantTables<StudioSmtpTables, ServerSchema>(trx);
}

/** The platform's `smtp.default`, read fresh each time (it needs the pool, not a tenant). */
export type PlatformSmtp = () => Promise<SmtpSettings | undefined>;

/** The studio's own server, or undefined when it uses the platform's. */
export async function readStudioSmtp(
  trx: StudioSmtpTransaction,
  tenantId: string,
): Promise<SmtpSettingsValue | undefined> {
  const row = await trx
    .selectFrom('studio_smtp_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    host: row.host,
    port: row.port,
    secure: row.secure === 1,
    ...(row.smtp_user === null ? {} : { user: row.smtp_user }),
    ...(row.smtp_pass === null ? {} : { pass: row.smtp_pass }),
    from: row.from_address,
  };
}

/** Stores (or replaces) the studio's own server; the settings were checked by their schema. */
export async function writeStudioSmtp(
  trx: StudioSmtpTransaction,
  tenantId: string,
  smtp: SmtpSettingsValue,
  /** The owner at a desk, or null for the platform's operator (serverctl). */
  by: { readonly actorId: string | null; readonly at: string },
): Promise<void> {
  const row = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ? (1 as const) : (0 as const),
    smtp_user: smtp.user ?? null,
    smtp_pass: smtp.pass ?? null,
    from_address: smtp.from,
    updated_by: by.actorId,
    updated_at: by.at,
  };
  await trx
    .insertInto('studio_smtp_settings')
    .values({ tenant_id: tenantId, ...row })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row))
    .execute();
}

/** Back to the platform's server. */
export async function clearStudioSmtp(trx: StudioSmtpTransaction, tenantId: string): Promise<void> {
  await trx.deleteFrom('studio_smtp_settings').where('tenant_id', '=', tenantId).execute();
}

/** The server a studio's mail goes through now: its own, else the platform's, else none. */
export type UsedSmtp =
  { readonly via: 'studio' | 'platform'; readonly smtp: SmtpSettings } | { readonly via: 'none' };

/**
 * Which server a studio's mail goes through (R20.5), read fresh at every call so a change
 * from the desk or `serverctl` takes effect at the next send without a restart.
 */
export async function usedSmtp(
  tenants: TenantDatabase,
  platformSmtp: PlatformSmtp,
  tenantId: string,
): Promise<UsedSmtp> {
  const own = await tenants.inTenant(tenantId, (trx) =>
    readStudioSmtp(withStudioSmtpTables(trx), tenantId),
  );
  if (own !== undefined) return { via: 'studio', smtp: own };
  const platform = await platformSmtp();
  return platform === undefined ? { via: 'none' } : { via: 'platform', smtp: platform };
}
