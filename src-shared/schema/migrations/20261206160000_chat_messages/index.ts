import { addNullableColumns, createTables } from '../../ddl-builder';
import type { SchemaMigration } from '../../schema-migration';
import { addedChatRoomColumns, chatMessages, chatReads, chatRooms } from './chat-message-tables';

// Frozen with migration 20261206160000: never edit; change tables in a later migration.

/** Tables as the desk's messages (issue 20, R22) leave them. */
export const chatMessageTables = { chatRooms, chatMessages, chatReads };

/**
 * Rooms get who they are with and who opened them; messages and read markers get tables.
 * Nothing is rebuilt: the room's columns are added in place on both databases, so its
 * change capture and row-level security on Postgres hold.
 */
export const chatMessagesMigration: SchemaMigration = {
  name: '20261206160000_chat_messages',
  up: async ({ db, dialect }) => {
    await addNullableColumns(db, dialect, chatRooms.name, addedChatRoomColumns);
    await createTables(db, dialect, [chatMessages, chatReads]);
  },
};
