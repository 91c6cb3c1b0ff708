import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TenantTransaction } from '../db/tenant-transaction';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What a member's link lets them do: stop messages, turn on notifications on a device,
 * see their progress (R21.5), or write to the studio and read its replies (R22.5).
 */
export type LinkPurpose =
  | 'unsubscribe'
  | 'notifications'
  | 'progress'
  | 'messages'
  // A lead's unsubscribe (R20.3): the holder's id is the lead's, and the purpose keeps a
  // lead's link from passing for a member's with the same id, and the other way round.
  | 'lead-unsubscribe';

/** Whose link it is: the studio and the member, both named in the link itself. */
export interface LinkHolder {
  readonly tenantId: string;
  readonly memberId: string;
}

export interface ReadLinkToken extends LinkHolder {
  readonly signature: string;
}

/**
 * The signature of a member's link: HMAC-SHA256 keyed with the studio's own secret (its PIN
 * pepper, which never leaves the server), over the purpose and the holder, 128 bits in
 * base64url. A link names its studio in clear, so the server knows whose key checks it
 * before any tenant is set; a link for one purpose never passes for another.
 */
function signature(secret: string, purpose: LinkPurpose, holder: LinkHolder): string {
  return createHmac('sha256', secret)
    .update(`${purpose}:${holder.tenantId}:${holder.memberId}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

export function memberLinkToken(secret: string, purpose: LinkPurpose, holder: LinkHolder): string {
  return `${holder.tenantId}.${holder.memberId}.${signature(secret, purpose, holder)}`;
}

/** The holder a token names, before its signature is checked; undefined when malformed. */
export function readMemberLinkToken(token: string): ReadLinkToken | undefined {
  const [tenantId, memberId, sig, extra] = token.split('.');
  if (extra !== undefined || tenantId === undefined || memberId === undefined) return undefined;
  if (!UUID.test(tenantId) || !UUID.test(memberId) || !/^[A-Za-z0-9_-]{22}$/.test(sig ?? '')) {
    return undefined;
  }
  return { tenantId, memberId, signature: sig ?? '' };
}

export function isSignedFor(secret: string, purpose: LinkPurpose, token: ReadLinkToken): boolean {
  const expected = Buffer.from(signature(secret, purpose, token));
  const given = Buffer.from(token.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Which of `purposes` a link is signed for with its studio's own secret, read in the
 * link's tenant transaction; undefined for a forged, mangled or other-purpose link. Every
 * member page and action asks this before it reads or writes anything.
 */
export async function signedPurposeOf<P extends LinkPurpose>(
  trx: TenantTransaction,
  token: ReadLinkToken,
  purposes: readonly P[],
): Promise<P | undefined> {
  const secrets = await trx.selectFrom('tenant_secrets').select('pin_pepper').executeTakeFirst();
  if (secrets === undefined) return undefined;
  return purposes.find((purpose) => isSignedFor(secrets.pin_pepper, purpose, token));
}
