import type { Kysely } from 'kysely';
import type { Database } from '../../schema/catalog';

/**
 * Messages a staff member has not read: written by someone else, in a room not archived,
 * after their marker's (created_at, id) position, or every one in a room they never marked.
 */
export function unreadMessages(db: Kysely<Database>, tenantId: string, memberId: string) {
  return db
    .selectFrom('chat_messages as m')
    .innerJoin('chat_rooms as r', (join) =>
      join.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.room_id'),
    )
    .leftJoin('chat_reads as cr', (join) =>
      join
        .onRef('cr.tenant_id', '=', 'm.tenant_id')
        .onRef('cr.room_id', '=', 'm.room_id')
        .on('cr.member_id', '=', memberId),
    )
    .where('m.tenant_id', '=', tenantId)
    .where('m.author_member_id', '!=', memberId)
    .where('r.status', '!=', 'archived')
    .where((eb) =>
      eb.or([
        eb('cr.room_id', 'is', null),
        eb('m.created_at', '>', eb.ref('cr.last_read_at')),
        eb.and([
          eb('m.created_at', '=', eb.ref('cr.last_read_at')),
          eb('m.id', '>', eb.ref('cr.last_read_message_id')),
        ]),
      ]),
    );
}

/** Unread messages per room, for one staff member. */
export async function unreadByRoom(
  db: Kysely<Database>,
  tenantId: string,
  memberId: string,
): Promise<Map<string, number>> {
  const rows = await unreadMessages(db, tenantId, memberId)
    .select((eb) => ['m.room_id', eb.fn.countAll<number | string>().as('n')])
    .groupBy('m.room_id')
    .execute();
  // node-postgres answers count(*) as a string.
  return new Map(rows.map((row) => [row.room_id, Number(row.n)]));
}
