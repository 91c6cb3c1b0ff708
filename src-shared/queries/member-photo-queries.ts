import { z } from 'zod';
import { defineQuery } from './query-definition';

/** A member's photo as the member page and check-in show it, or null when they have none. */
export const memberPhoto = defineQuery({
  name: 'member.photo',
  description: 'A member’s photo (a small JPEG or PNG data URL), or null.',
  args: z.strictObject({ memberId: z.uuid() }),
  async run({ db, tenantId }, { memberId }) {
    const row = await db
      .selectFrom('member_photos')
      .select(['data_url', 'byte_size', 'updated_at'])
      .where('tenant_id', '=', tenantId)
      .where('member_id', '=', memberId)
      .executeTakeFirst();
    return row === undefined
      ? null
      : { memberId, dataUrl: row.data_url, byteSize: row.byte_size, updatedAt: row.updated_at };
  },
});
