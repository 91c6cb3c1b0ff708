import { describe, expect, it } from 'vitest';
import { BACKENDS, NOW, useSeededStudio } from '../front-desk/front-desk-harness';

interface Profile {
  readonly messagesOptOutAt: string | null;
}

/**
 * Issue 20, R20.3: the member page says when a member's unsubscribe link stopped their
 * automatic messages. The server sets `tenant_members.messages_opt_out_at`; the desk reads
 * it from its synced copy with the rest of the profile.
 */
describe.each(BACKENDS)('member.profile tells an unsubscribed member on %s', (backend) => {
  const studio = useSeededStudio(backend);

  it('answers null while the member gets messages, and the instant once they opted out', async () => {
    const before = await studio.query<Profile>('member.profile', {
      memberId: studio.memberId,
      at: NOW,
    });
    expect(before.messagesOptOutAt).toBeNull();

    const optedOut = '2026-12-01T18:30:00.000Z';
    await studio.db
      .updateTable('tenant_members')
      .set({ messages_opt_out_at: optedOut })
      .where('tenant_id', '=', studio.tenantId)
      .where('id', '=', studio.memberId)
      .execute();
    const after = await studio.query<Profile>('member.profile', {
      memberId: studio.memberId,
      at: NOW,
    });
    expect(after.messagesOptOutAt).toBe(optedOut);
  });
});
