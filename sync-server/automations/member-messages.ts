import { randomBytes } from 'node:crypto';
import { memberRoomId, messageBody } from '../../src-shared/mutations/chat/chat-fields';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { chatMessages, type ChatMessageView } from '../../src-shared/queries/chat/chat-queries';
import { displayName } from '../../src-shared/queries/front-desk/member-names';
import type { Database } from '../../src-shared/schema/catalog';
import { isoAt, type Clock } from '../../src-shared/time/clock';
import type { TenantDatabase } from '../db/tenant-database';
import type { TenantTransaction } from '../db/tenant-transaction';
import type { PokeHub } from '../sync/poke-hub';
import { headAfterWrites } from '../sync/committed-head';
import { readMemberLinkToken, signedPurposeOf, type LinkHolder } from './member-link-token';

/** The latest messages the member's page shows, oldest first. */
const PAGE = 100;

/** What a member's messages link shows: their conversation with the studio (R22.5). */
export interface MemberConversation {
  readonly studio: string;
  readonly messages: readonly ChatMessageView[];
  /** Older messages exist beyond the page shown. */
  readonly hasMore: boolean;
}

export type ConversationResult =
  ({ readonly outcome: 'shown' } & MemberConversation) | { readonly outcome: 'invalid' };

export type MemberPostResult =
  | { readonly outcome: 'posted'; readonly messageId: string }
  /** The body broke R22.2's limits; nothing was written. */
  | ({ readonly outcome: 'refused'; readonly reason: string } & MemberConversation)
  | { readonly outcome: 'invalid' };

interface Member extends LinkHolder {
  readonly name: string;
}

/**
 * The member a messages link names, when its signature matches its studio's key for this
 * purpose and the member is the studio's; undefined otherwise, so a forged, mangled or
 * other-purpose link reads and writes nothing.
 */
async function memberOfLink(
  trx: TenantTransaction,
  shared: TenantTransaction<Database>,
  holder: LinkHolder & { readonly signature: string },
): Promise<Member | undefined> {
  if ((await signedPurposeOf(trx, holder, ['messages'])) === undefined) return undefined;
  const row = await shared
    .selectFrom('tenant_members')
    .select('profile')
    .where('tenant_id', '=', holder.tenantId)
    .where('id', '=', holder.memberId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { tenantId: holder.tenantId, memberId: holder.memberId, name: displayName(row.profile) };
}

/** The member's room as the desk reads it (chat.messages), latest page, oldest first. */
async function conversationOf(
  trx: TenantTransaction,
  shared: TenantTransaction<Database>,
  member: Member,
): Promise<MemberConversation> {
  const studio = await trx.selectFrom('tenants').select('name').executeTakeFirst();
  const page = await chatMessages.run(
    { db: shared, tenantId: member.tenantId },
    { roomId: memberRoomId(member.memberId), limit: PAGE },
  );
  return { studio: studio?.name ?? 'Your studio', ...page };
}

/**
 * Shows the member's conversation with the studio (R22.5). Read only: a mail scanner
 * fetching the link changes nothing. A member who never wrote and whom staff never wrote
 * to sees an empty conversation; the room is made by the first message.
 */
export async function conversationByToken(
  tenants: TenantDatabase,
  token: string,
): Promise<ConversationResult> {
  const holder = readMemberLinkToken(token);
  if (holder === undefined) return { outcome: 'invalid' };
  const shown = await tenants.inTenant(holder.tenantId, async (trx, shared) => {
    const member = await memberOfLink(trx, shared, holder);
    return member === undefined ? undefined : conversationOf(trx, shared, member);
  });
  return shown === undefined ? { outcome: 'invalid' } : { outcome: 'shown', ...shown };
}

/**
 * Makes the member's room unless it is there, under the id every desk derives (R22.1), so a
 * desk that opened it offline and this write make one room; and opens it again when staff
 * closed or archived it, since an archived room leaves the desk's list and unread count and
 * the member's message would go unseen.
 */
async function openMemberRoom(
  shared: TenantTransaction<Database>,
  member: Member,
  at: string,
): Promise<string> {
  const roomId = memberRoomId(member.memberId);
  await shared
    .insertInto('chat_rooms')
    .values({
      id: roomId,
      tenant_id: member.tenantId,
      type: 'direct',
      name: member.name || 'Member',
      status: 'open',
      member_id: member.memberId,
      location_id: null,
      assigned_to_id: null,
      // The member opened it, from their link.
      created_by: member.memberId,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .execute();
  await shared
    .updateTable('chat_rooms')
    .set({ status: 'open', updated_at: at })
    .where('tenant_id', '=', member.tenantId)
    .where('id', '=', roomId)
    .where('status', '!=', 'open')
    .execute();
  return roomId;
}

/**
 * Writes a member's message to the studio (R22.5): authored by the member the link names,
 * at the server's time, from no desk. The body is trimmed and holds 1–2000 characters as a
 * staff message does (R22.2); a bad body is refused and changes nothing. The write goes
 * through the tenant transaction, so change capture takes it to the desks, which are poked
 * once it commits.
 */
export async function postByToken(
  deps: { readonly tenants: TenantDatabase; readonly hub: PokeHub; readonly clock: Clock },
  token: string,
  body: unknown,
): Promise<MemberPostResult> {
  const holder = readMemberLinkToken(token);
  if (holder === undefined) return { outcome: 'invalid' };
  const parsed = messageBody.safeParse(typeof body === 'string' ? body : '');
  const at = isoAt(deps.clock);
  const result = await deps.tenants.inTenant(
    holder.tenantId,
    async (trx, shared): Promise<MemberPostResult & { position?: number }> => {
      const member = await memberOfLink(trx, shared, holder);
      if (member === undefined) return { outcome: 'invalid' };
      if (!parsed.success) {
        const reason = parsed.error.issues[0]?.message ?? 'this message cannot be sent';
        return { outcome: 'refused', reason, ...(await conversationOf(trx, shared, member)) };
      }
      const roomId = await openMemberRoom(shared, member, at);
      const messageId = uuidV7(deps.clock.now(), (n) => randomBytes(n));
      await shared
        .insertInto('chat_messages')
        .values({
          id: messageId,
          tenant_id: member.tenantId,
          room_id: roomId,
          author_member_id: member.memberId,
          body: parsed.data,
          created_at: at,
          device_id: null,
        })
        .execute();
      const position = await headAfterWrites(trx, member.tenantId);
      return { outcome: 'posted', messageId, position };
    },
  );
  if (result.position !== undefined) deps.hub.publish(holder.tenantId, result.position);
  if (result.outcome !== 'posted') return result;
  return { outcome: 'posted', messageId: result.messageId };
}
