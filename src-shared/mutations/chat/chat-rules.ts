import type { Database } from '../../schema/catalog';
import type { MutationContext } from '../mutation-definition';
import { tenantRow } from '../tenant-row';

export type ChatRoomRow = Database['chat_rooms'];

export async function findRoom(ctx: MutationContext, roomId: string): Promise<ChatRoomRow> {
  return tenantRow(ctx.db, ctx.tenantId, 'chat_rooms', roomId, 'room');
}

/** Where a message stands in its room: by created_at, then by id (R22.2). */
export interface MessagePosition {
  readonly at: string;
  readonly messageId: string;
}

/** Whether `a` comes after `b` in a room's order. */
export function isAfter(a: MessagePosition, b: MessagePosition): boolean {
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  return byTime === 0 ? a.messageId > b.messageId : byTime > 0;
}
