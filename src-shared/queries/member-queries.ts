import { z } from 'zod';
import { defineQuery } from './query-definition';

export const memberNotes = defineQuery({
  name: 'member.notes',
  description: 'Staff notes on a member, newest first.',
  args: z.strictObject({ memberId: z.uuid() }),
  async run({ db, tenantId }, { memberId }) {
    return db
      .selectFrom('student_notes')
      .select(['id', 'note', 'is_alert', 'author_id', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('student_id', '=', memberId)
      .orderBy('created_at', 'desc')
      .execute();
  },
});
