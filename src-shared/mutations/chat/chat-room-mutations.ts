import { z } from 'zod';
import { displayName } from '../../queries/front-desk/member-names';
import { deskOnly, found } from '../front-desk/desk-rules';
import { DESK_ROLES } from '../front-desk/front-desk-roles';
import { defineMutation, STAFF_ROLES, type MutationContext } from '../mutation-definition';
import { HANDOVER_ROOM_NAME, handoverRoomId, memberRoomId, roomName } from './chat-fields';
import { findRoom, type ChatRoomRow } from './chat-rules';

type NewRoom = Pick<ChatRoomRow, 'id' | 'type' | 'name' | 'member_id' | 'location_id'>;

/**
 * Makes the room unless it is there: the Handover room and a member's room have ids every
 * desk derives alike, so the second desk to open one offline finds it made (at the server,
 * or at its desk after a pull) and the first desk's row stands.
 */
async function openOnce(ctx: MutationContext, room: NewRoom): Promise<boolean> {
  const existing = await ctx.db
    .selectFrom('chat_rooms')
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', room.id)
    .executeTakeFirst();
  if (existing !== undefined) return false;
  await ctx.db
    .insertInto('chat_rooms')
    .values({
      ...room,
      tenant_id: ctx.tenantId,
      status: 'open',
      assigned_to_id: null,
      created_by: ctx.actor.memberId,
      created_at: ctx.at,
      updated_at: ctx.at,
    })
    .execute();
  return true;
}

async function memberName(ctx: MutationContext, memberId: string): Promise<string> {
  const member = found(
    await ctx.db
      .selectFrom('tenant_members')
      .select('profile')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', memberId)
      .executeTakeFirst(),
    `member ${memberId}`,
  );
  return displayName(member.profile) || 'Member';
}

/**
 * Opens a conversation (R22.1): the studio's Handover room, the room about a member (one
 * each, by derived id), or a staff group room by name (a new one each time).
 */
export const openChatRoom = defineMutation({
  name: 'chat.openRoom',
  description: 'Opens the Handover room, the conversation about a member, or a staff room.',
  args: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('handover') }),
    z.strictObject({ kind: z.literal('member'), memberId: z.uuid() }),
    z.strictObject({
      kind: z.literal('group'),
      name: roomName,
      locationId: z.uuid().optional(),
    }),
  ]),
  roles: STAFF_ROLES,
  async run(ctx, args) {
    let room: NewRoom;
    if (args.kind === 'handover') {
      room = {
        id: handoverRoomId(ctx.tenantId),
        type: 'group',
        name: HANDOVER_ROOM_NAME,
        member_id: null,
        location_id: null,
      };
    } else if (args.kind === 'member') {
      room = {
        id: memberRoomId(args.memberId),
        type: 'direct',
        name: await memberName(ctx, args.memberId),
        member_id: args.memberId,
        location_id: null,
      };
    } else {
      room = {
        id: ctx.newId(),
        type: 'group',
        name: args.name,
        member_id: null,
        location_id: args.locationId ?? null,
      };
    }
    const opened = await openOnce(ctx, room);
    return { roomId: room.id, opened };
  },
  audit: (_args, result) => ({ targetId: result.roomId }),
});

/**
 * Closes a room (no new messages at the desk), archives it (off the list), or opens it
 * again. The Handover room is never archived: it is where the next shift looks.
 */
export const setChatRoomStatus = defineMutation({
  name: 'chat.closeRoom',
  description: 'Closes or archives a conversation, or opens it again.',
  args: z.strictObject({
    roomId: z.uuid(),
    status: z.enum(['open', 'closed', 'archived']).default('closed'),
  }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const room = await findRoom(ctx, args.roomId);
    const isHandover = room.id === handoverRoomId(ctx.tenantId);
    deskOnly(ctx, !isHandover || args.status === 'open', 'the Handover room stays open', 'invalid');
    if (isHandover && args.status !== 'open') return { roomId: room.id, applied: false };
    await ctx.db
      .updateTable('chat_rooms')
      .set({ status: args.status, updated_at: ctx.at })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', room.id)
      .execute();
    return { roomId: room.id, applied: true };
  },
  audit: (args) => ({ targetId: args.roomId }),
});
