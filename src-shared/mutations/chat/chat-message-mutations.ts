import { z } from 'zod';
import { deskOnly, found } from '../front-desk/desk-rules';
import { defineMutation, STAFF_ROLES } from '../mutation-definition';
import { messageBody } from './chat-fields';
import { findRoom, isAfter } from './chat-rules';

/**
 * Writes a message as the signed-in staff member (R22.2). Messages never merge: each is its
 * own row, at its desk's time; two desks writing offline both stand, read in time order.
 * Not audited: what staff tell each other is not a change to the studio's records.
 */
export const postChatMessage = defineMutation({
  name: 'chat.post',
  description: 'Writes a message in a conversation (a handover note, a note about a member).',
  args: z.strictObject({ roomId: z.uuid(), body: messageBody }),
  roles: STAFF_ROLES,
  async run(ctx, args) {
    const room = await findRoom(ctx, args.roomId);
    // A room closed at another desk while this one was offline still takes what was written.
    deskOnly(ctx, room.status === 'open', `${room.name} is ${room.status}: open it again first`);
    const messageId = ctx.newId();
    await ctx.db
      .insertInto('chat_messages')
      .values({
        id: messageId,
        tenant_id: ctx.tenantId,
        room_id: room.id,
        author_member_id: ctx.actor.memberId,
        body: args.body,
        created_at: ctx.at,
        device_id: ctx.deviceId,
      })
      .execute();
    return { roomId: room.id, messageId };
  },
});

/**
 * Marks a room read up to a message, for the signed-in staff member (R22.3). The marker only
 * moves forward: of two desks marking one room read offline, the later position stands,
 * whichever reaches the server first.
 */
export const markChatRead = defineMutation({
  name: 'chat.markRead',
  description: 'Marks a conversation read up to a message, for the signed-in staff member.',
  args: z.strictObject({ roomId: z.uuid(), messageId: z.uuid() }),
  roles: STAFF_ROLES,
  async run(ctx, args) {
    const room = await findRoom(ctx, args.roomId);
    const message = found(
      await ctx.db
        .selectFrom('chat_messages')
        .select(['id', 'created_at'])
        .where('tenant_id', '=', ctx.tenantId)
        .where('room_id', '=', room.id)
        .where('id', '=', args.messageId)
        .executeTakeFirst(),
      `message ${args.messageId} in ${room.name}`,
    );
    const reader = { room_id: room.id, member_id: ctx.actor.memberId };
    const marker = await ctx.db
      .selectFrom('chat_reads')
      .select(['last_read_at', 'last_read_message_id'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('room_id', '=', reader.room_id)
      .where('member_id', '=', reader.member_id)
      .executeTakeFirst();
    const position = { at: message.created_at, messageId: message.id };
    if (marker === undefined) {
      await ctx.db
        .insertInto('chat_reads')
        .values({
          ...reader,
          tenant_id: ctx.tenantId,
          last_read_at: position.at,
          last_read_message_id: position.messageId,
          updated_at: ctx.at,
        })
        .execute();
      return { roomId: room.id, advanced: true };
    }
    const before = { at: marker.last_read_at, messageId: marker.last_read_message_id };
    if (!isAfter(position, before)) return { roomId: room.id, advanced: false };
    await ctx.db
      .updateTable('chat_reads')
      .set({
        last_read_at: position.at,
        last_read_message_id: position.messageId,
        updated_at: ctx.at,
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('room_id', '=', reader.room_id)
      .where('member_id', '=', reader.member_id)
      .execute();
    return { roomId: room.id, advanced: true };
  },
});
