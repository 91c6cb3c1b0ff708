import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src-shared/schema/catalog';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
import { insertPerson } from '../front-desk/front-desk-harness';
import { serverctl, serverctlDatabase } from '../support/serverctl-run';
import type { TestDatabase } from '../support/test-databases';
import { SmtpSink } from './support/smtp-sink';

/** `serverctl run-automations` (issue 20, R20): one run now, with the platform's SMTP. */
describe('serverctl run-automations', () => {
  let database: TestDatabase<Database> & { url: string };
  let env: Record<string, string>;
  let smtp: SmtpSink;

  beforeAll(async () => {
    ({ database, env } = await serverctlDatabase());
    smtp = await SmtpSink.start();
  });

  afterAll(async () => {
    await smtp.close();
    await database.dispose();
  });

  it('R20.5 sends through smtp.default with links to the public URL, once', async () => {
    const created = await serverctl(
      env,
      ...['tenant', 'create', '--name', 'Tide Yoga', '--slug', 'tide', '--json'],
    );
    const { tenantId } = JSON.parse(created.out) as { tenantId: string };
    const at = new Date().toISOString();
    const member = await inTenantTransaction(database.db, tenantId, async (_trx, shared) => {
      await shared
        .insertInto('marketing_automations')
        .values({
          id: randomUUID(),
          tenant_id: tenantId,
          trigger_event: 'member_created',
          subject: 'Welcome to {{studio}}',
          body: 'Hi {{firstName}}',
          is_enabled: 1,
          channels: JSON.stringify(['email']),
          settings: null,
          created_at: at,
        })
        .execute();
      // Quiet hours never: the run must send whatever the time of day.
      await shared
        .updateTable('tenants')
        .set({
          settings: JSON.stringify({ automationQuietHours: { start: '00:00', end: '00:00' } }),
        })
        .where('id', '=', tenantId)
        .execute();
      return insertPerson(shared, {
        tenantId,
        firstName: 'Ulla',
        role: 'student',
        at,
        newId: randomUUID,
      });
    });

    // No SMTP set yet: nothing is sent, and the run says so.
    const unset = await serverctl(
      env,
      'run-automations',
      '--public-url',
      'https://members.tide.test',
      '--json',
    );
    expect(unset.code).toBe(0);
    expect(JSON.parse(unset.out)).toMatchObject({ sent: 0, failed: 0 });
    expect(unset.err).toMatch(/no SMTP server is set/);

    const smtpDefault = {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'Tide <hi@tide.test>',
    };
    expect(
      (await serverctl(env, 'config', 'set', 'smtp.default', JSON.stringify(smtpDefault))).code,
    ).toBe(0);
    const run = await serverctl(
      env,
      'run-automations',
      '--tenant',
      'tide',
      '--public-url',
      'https://members.tide.test/',
    );
    expect(run.code).toBe(0);
    expect(run.out).toBe('Automations: 1 messages sent, 0 failed, in 1 studios.');
    const [mail, ...more] = smtp.mails;
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('Welcome to Tide Yoga');
    expect(mail?.text).toContain(
      `Unsubscribe: https://members.tide.test/v1/unsubscribe/${tenantId}.${member.memberId}.`,
    );

    const again = await serverctl(
      env,
      'run-automations',
      '--public-url',
      'https://members.tide.test',
      '--json',
    );
    expect(JSON.parse(again.out)).toMatchObject({ sent: 0 });
    expect(smtp.mails).toHaveLength(1);
  });

  it('refuses a run without a public URL, or with one that is not http(s), sending nothing', async () => {
    const missing = await serverctl(env, 'run-automations');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--public-url/);
    const bad = await serverctl(env, 'run-automations', '--public-url', 'ftp://members.tide.test');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--public-url must be an http\(s\) address/);
    const unknown = await serverctl(
      env,
      'run-automations',
      '--public-url',
      'https://x.test',
      '--tenant',
      'nobody',
    );
    expect(unknown.code).toBe(1);
  });
});
