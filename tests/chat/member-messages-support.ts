import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src-shared/schema/catalog';
import { memberLinkToken, type LinkPurpose } from '../../sync-server/automations/member-link-token';

/**
 * A member's link path as a studio's message would carry it (R22.5), signed with the
 * studio's own pepper read from tenant_secrets, as the automations job signs it.
 */
export async function memberLinkPath(
  db: Kysely<Database>,
  holder: { readonly tenantId: string; readonly memberId: string },
  purpose: LinkPurpose = 'messages',
): Promise<string> {
  const secrets = await sql<{
    pin_pepper: string;
  }>`select pin_pepper from tenant_secrets where tenant_id = ${holder.tenantId}`.execute(db);
  const pepper = secrets.rows[0]?.pin_pepper;
  if (pepper === undefined) throw new Error(`studio ${holder.tenantId} has no pepper`);
  return `/v1/messages/${memberLinkToken(pepper, purpose, holder)}`;
}

/** The member's form post, as the page's form sends it. */
export function formBody(body: string) {
  return {
    rawBody: new URLSearchParams({ body }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}
