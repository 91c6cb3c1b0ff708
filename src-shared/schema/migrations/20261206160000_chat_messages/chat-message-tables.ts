import { col } from '../../column-spec';
import { defineTable, type TableSpec } from '../../table-spec';
import { chatRooms as seedChatRooms } from '../20261126120000_seed_schema/engagement-tables';

// Frozen with migration 20261206160000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

/**
 * What the desk's messages (issue 20) add to a room. All nullable: the seed's rooms have
 * none of them, and SQLite adds no NOT NULL column.
 */
export const addedChatRoomColumns = {
  /** The member a conversation is with or about; NULL for a staff room (Handover). */
  member_id: col.id().references('tenant_members').nullable(),
  /** The desk's location, for a room that belongs to one; NULL for the whole studio. */
  location_id: col.id().references('locations').nullable(),
  /** The staff member who opened the room; NULL for rooms from before messages. */
  created_by: col.id().references('tenant_members').nullable(),
  updated_at: col.timestamp().nullable(),
} as const;

/** Rooms with who and what they are about. */
export const chatRooms = {
  ...seedChatRooms,
  columns: { ...seedChatRooms.columns, ...addedChatRoomColumns },
} satisfies TableSpec;

/**
 * One message, one row: messages never merge, each stands as written at its desk, and a
 * room reads them by created_at then id (R22.2).
 */
export const chatMessages = defineTable({
  name: 'chat_messages',
  purpose: 'A message in a studio conversation: a staff handover note, a note about a member.',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    room_id: col.id().references('chat_rooms'),
    author_member_id: col.id().references('tenant_members'),
    body: col.text(),
    created_at: col.timestamp(),
    /** The desk that wrote it, so a handover note says where it came from. */
    device_id: col.text().nullable(),
  },
  indexes: [{ name: 'ix_chat_messages_room', columns: ['tenant_id', 'room_id', 'created_at'] }],
});

/**
 * How far a staff member has read a room: the last message read, by its (created_at, id)
 * position. One row per room and reader; it only moves forward (R22.3).
 */
export const chatReads = defineTable({
  name: 'chat_reads',
  purpose: 'How far each staff member has read each room, for unread counts.',
  scope: 'tenant',
  columns: {
    tenant_id: tenantId(),
    room_id: col.id().references('chat_rooms'),
    member_id: col.id().references('tenant_members'),
    last_read_at: col.timestamp(),
    // No foreign key: a marker is only a position, and pull may bring it before the message.
    last_read_message_id: col.id(),
    updated_at: col.timestamp(),
  },
  primaryKey: ['room_id', 'member_id'],
});
