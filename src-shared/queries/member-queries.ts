import { z } from 'zod';
import { defineQuery } from './query-definition';

export const searchMembers = defineQuery({
  name: 'member.search',
  description: 'Finds members whose name, email, phone or barcode contains the text.',
  args: z.strictObject({
    text: z.string().trim().min(1).max(100),
    limit: z.number().int().min(1).max(100).default(20),
  }),
  async run({ db, tenantId }, { text, limit }) {
    const pattern = `%${text.toLowerCase().replaceAll(/[%_]/g, '')}%`;
    const rows = await db
      .selectFrom('tenant_members')
      .innerJoin('users', 'users.id', 'tenant_members.user_id')
      .select([
        'tenant_members.id',
        'tenant_members.profile',
        'tenant_members.status',
        'tenant_members.barcode',
        'users.email',
      ])
      .where('tenant_members.tenant_id', '=', tenantId)
      .where((e) =>
        e.or([
          e(e.fn('lower', ['tenant_members.profile']), 'like', pattern),
          e(e.fn('lower', ['users.email']), 'like', pattern),
          e('tenant_members.barcode', '=', text),
        ]),
      )
      .orderBy('tenant_members.id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...row, profile: JSON.parse(row.profile) as unknown }));
  },
});

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
