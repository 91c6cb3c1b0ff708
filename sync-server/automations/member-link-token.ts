import { createHmac, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What a member's link lets them do: stop messages, turn on notifications on a device, or
 * see their progress (R21.5).
 */
export type LinkPurpose = 'unsubscribe' | 'notifications' | 'progress';

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
