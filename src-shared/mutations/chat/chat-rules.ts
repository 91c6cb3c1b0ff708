import type { Database } from '../../schema/catalog';
import { found } from '../front-desk/desk-rules';
import type { MutationContext } from '../mutation-definition';

export type ChatRoomRow = Database['chat_rooms'];

export async function findRoom(ctx: MutationContext, roomId: string): Promise<ChatRoomRow> {
  return found(
    await ctx.db
      .selectFrom('chat_rooms')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', roomId)
      .executeTakeFirst(),
    `room ${roomId}`,
  );
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
