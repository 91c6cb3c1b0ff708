import type { ChatMessageView, ChatRoomSummary } from '../../src-shared/queries/chat/chat-queries';
import { resultOf, type Studio } from '../front-desk/front-desk-harness';
import { countTenantRows } from '../support/tenant-row-counts';

const COUNTED = [
  'chat_rooms',
  'chat_messages',
  'chat_reads',
  'audit_logs',
  'review_items',
] as const;

/**
 * What a chat mutation can write: every room and read marker as they stand, and the number of
 * messages, audit entries and review items. Equal before and after a refusal.
 */
export async function chatFootprint(studio: Pick<Studio, 'db' | 'tenantId'>) {
  const counts = await countTenantRows(studio, COUNTED);
  const rooms = await studio.db
    .selectFrom('chat_rooms')
    .selectAll()
    .where('tenant_id', '=', studio.tenantId)
    .orderBy('id')
    .execute();
  const reads = await studio.db
    .selectFrom('chat_reads')
    .selectAll()
    .where('tenant_id', '=', studio.tenantId)
    .orderBy('room_id')
    .orderBy('member_id')
    .execute();
  return { ...counts, rooms, reads };
}

/** The calls a chat test makes, typed. */
export function chatCalls(studio: Studio) {
  return {
    openHandover: async () =>
      resultOf<{ roomId: string; opened: boolean }>(
        await studio.run('chat.openRoom', { kind: 'handover' }),
      ),
    rooms: async (memberId: string) =>
      studio.query<{ rooms: ChatRoomSummary[]; handoverRoomId: string }>('chat.rooms', {
        memberId,
      }),
    unread: async (memberId: string) =>
      (await studio.query<{ unread: number }>('chat.unreadCount', { memberId })).unread,
    messages: async (args: { roomId: string; before?: string; limit?: number }) =>
      studio.query<{ messages: ChatMessageView[]; hasMore: boolean }>('chat.messages', args),
  };
}
