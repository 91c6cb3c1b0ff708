import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  studioSmtpStatusSchema,
  studioSmtpTestResponseSchema,
} from '../../src-shared/protocol/studio-smtp-messages';
import { STUDIO_EXPORT_PATH } from '../../src-shared/protocol/studio-export-messages';
import { writePlatformConfig } from '../../sync-server/admin/platform-config';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { servedAutomations } from '../../sync-server/cli/run-automations-command';
import {
  call,
  enrollDesk,
  serverBackends,
  startServer,
  TEST_PIN_COST,
  type TestDesk,
} from '../server/support/server-harness';
import { AutomationWorld, PUBLIC_URL, type AutomationStudio } from './support/automation-world';
import { SmtpSink } from './support/smtp-sink';

const WELCOME = { subject: 'Welcome to {{studio}}', body: 'Hi {{firstName}},\n\nSee you soon.' };
const PASSWORD = 'studio-smtp-secret-Zq81';

/** A studio with its owner, a manager and an enrolled desk. */
interface SmtpStudio extends AutomationStudio {
  readonly ownerId: string;
  readonly managerId: string;
  readonly desk: TestDesk;
}

describe.each(serverBackends)("a studio's own SMTP server (issue 20, R20.5) on %s", (backend) => {
  let world: AutomationWorld;
  let studioSink: SmtpSink;

  let app: FastifyInstance;

  beforeAll(async () => {
    world = await AutomationWorld.open(backend);
    studioSink = await SmtpSink.start();
    // Wired as `serverctl serve` wires it, less the timed job (the tests run it).
    const served = await servedAutomations(world.database.db, PUBLIC_URL);
    app = await startServer(world.database, world.clock, {
      automations: {
        publicUrl: served.publicUrl,
        mailerFor: served.mailerFor,
        platformSmtp: served.platformSmtp,
      },
    });
  });

  afterAll(async () => {
    await app.close();
    await studioSink.close();
    await world.dispose();
  });

  const platformSmtp = () =>
    writePlatformConfig(world.database.db, 'smtp.default', {
      host: '127.0.0.1',
      port: world.smtp.port,
      secure: false,
      from: 'Platform <mail@platform.test>',
    });

  async function newStudio(): Promise<SmtpStudio> {
    const studio = await world.newStudio();
    const staff = async (role: 'owner' | 'manager') =>
      (
        await addStaff(
          { db: world.database.db, clock: world.clock },
          {
            tenantId: studio.tenantId,
            email: `${role}-${randomUUID()}@example.com`,
            firstName: 'Sam',
            lastName: role,
            role,
            pin: '2468',
          },
          TEST_PIN_COST,
        )
      ).memberId;
    const desk = await enrollDesk(app, world.database.db, world.clock, studio.tenantId);
    return { ...studio, ownerId: await staff('owner'), managerId: await staff('manager'), desk };
  }

  const own = (overrides: object = {}) => ({
    host: '127.0.0.1',
    port: studioSink.port,
    secure: false,
    from: 'Harbor Yoga <hello@harbor.test>',
    ...overrides,
  });
  const status = (studio: SmtpStudio, actorId = studio.ownerId) =>
    call(app, 'GET', `/v1/studio-smtp?actorId=${actorId}`, { token: studio.desk.token });
  const post = (studio: SmtpStudio, path: string, body: object) =>
    call(app, 'POST', `/v1/studio-smtp${path}`, { token: studio.desk.token, body });

  it('R20.5 a test e-mail with no server at all is refused with a sentence saying so', async () => {
    const studio = await newStudio();
    const first = await status(studio);
    expect(studioSmtpStatusSchema.parse(first.json)).toEqual({
      uses: 'none',
      own: null,
      platformConfigured: false,
    });
    const test = await post(studio, '/test', { actorId: studio.ownerId, to: 'a@example.com' });
    expect(test.status).toBe(409);
    expect(test.json).toMatchObject({ error: 'smtp_not_configured' });
    expect((test.json as { message: string }).message).toMatch(/No e-mail server is set/);
  });

  it("R20.5 automations send through the studio's server when set, the platform's when cleared, read at each run", async () => {
    await platformSmtp();
    const studio = await newStudio();
    await world.addAutomation(studio, 'member_created', WELCOME);
    const served = await servedAutomations(world.database.db, PUBLIC_URL);
    const context = { ...world.context(), mailerFor: served.mailerFor };

    const set = await post(studio, '', { actorId: studio.ownerId, smtp: own() });
    expect(set.status).toBe(200);
    expect(studioSmtpStatusSchema.parse(set.json).uses).toBe('studio');
    const ada = await world.addMember(studio, 'Ada');
    expect(await world.runJob(studio, context)).toMatchObject({ sent: 1, failed: 0 });
    expect(studioSink.to(ada.email).map((m) => m.subject)).toEqual(['Welcome to Harbor Yoga']);
    expect(JSON.stringify(studioSink.to(ada.email)[0]?.from)).toContain('hello@harbor.test');
    expect(world.smtp.to(ada.email)).toEqual([]);

    // Cleared from the desk: the same served mailer (no restart) goes to the platform's.
    const cleared = await post(studio, '/clear', { actorId: studio.ownerId });
    expect(studioSmtpStatusSchema.parse(cleared.json)).toEqual({
      uses: 'platform',
      own: null,
      platformConfigured: true,
    });
    const bo = await world.addMember(studio, 'Bo');
    expect(await world.runJob(studio, context)).toMatchObject({ sent: 1, failed: 0 });
    expect(world.smtp.to(bo.email)).toHaveLength(1);
    expect(JSON.stringify(world.smtp.to(bo.email)[0]?.from)).toContain('mail@platform.test');
    expect(studioSink.to(bo.email)).toEqual([]);
  });

  it('R20.5 only the owner sees or changes it; a manager is refused and nothing is stored', async () => {
    await platformSmtp();
    const studio = await newStudio();
    const seen = await status(studio, studio.managerId);
    expect(seen.status).toBe(403);
    const refused = await post(studio, '', { actorId: studio.managerId, smtp: own() });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      error: 'forbidden',
      message: 'Only an owner may change the studio’s e-mail server.',
    });
    const test = await post(studio, '/test', { actorId: studio.managerId, to: 'm@example.com' });
    expect(test.status).toBe(403);
    expect(studioSmtpStatusSchema.parse((await status(studio)).json).own).toBeNull();
  });

  it('R20.5 bad settings are refused with the field named, and nothing is stored', async () => {
    await platformSmtp();
    const studio = await newStudio();
    const bad: [object, RegExp][] = [
      [own({ port: 0 }), /port/],
      [own({ port: 70_000 }), /port/],
      [own({ host: '  ' }), /host/],
      [own({ from: 'not an address' }), /from: .*e-mail address/],
      [own({ secure: 'yes' }), /secure/],
      [{ ...own(), extra: 1 }, /extra/],
    ];
    for (const [smtp, field] of bad) {
      const answer = await post(studio, '', { actorId: studio.ownerId, smtp });
      expect(answer.status, JSON.stringify(smtp)).toBe(400);
      expect(answer.json).toMatchObject({ error: 'invalid_request' });
      expect((answer.json as { message: string }).message).toMatch(field);
    }
    const after = studioSmtpStatusSchema.parse((await status(studio)).json);
    expect(after).toMatchObject({ uses: 'platform', own: null });
  });

  it('R20.5 never answers the password; one left out is kept for the same login', async () => {
    await platformSmtp();
    const studio = await newStudio();
    const withLogin = own({ host: 'smtp.harbor.test', port: 587, user: 'harbor', pass: PASSWORD });
    const set = await post(studio, '', { actorId: studio.ownerId, smtp: withLogin });
    expect(set.status).toBe(200);
    expect(set.body).not.toContain(PASSWORD);
    expect(studioSmtpStatusSchema.parse(set.json).own).toEqual({
      host: 'smtp.harbor.test',
      port: 587,
      secure: false,
      user: 'harbor',
      hasPassword: true,
      from: 'Harbor Yoga <hello@harbor.test>',
    });
    const seen = await status(studio);
    expect(seen.body).not.toContain(PASSWORD);

    const noPass = { ...withLogin, pass: undefined };
    const again = await post(studio, '', {
      actorId: studio.ownerId,
      smtp: { ...noPass, port: 2525 },
    });
    expect(studioSmtpStatusSchema.parse(again.json).own).toMatchObject({
      port: 2525,
      hasPassword: true,
    });
    // Another user: the old password is not carried over to a login it was not given for.
    const other = await post(studio, '', {
      actorId: studio.ownerId,
      smtp: { ...noPass, user: 'someone-else' },
    });
    expect(studioSmtpStatusSchema.parse(other.json).own?.hasPassword).toBe(false);
  });

  it("R20.5 the test e-mail arrives and reports the server's answer, or its refusal", async () => {
    await platformSmtp();
    const studio = await newStudio();
    await post(studio, '', { actorId: studio.ownerId, smtp: own() });

    const sent = await post(studio, '/test', { actorId: studio.ownerId, to: 'owner@harbor.test' });
    expect(sent.status).toBe(200);
    const answer = studioSmtpTestResponseSchema.parse(sent.json);
    expect(answer).toMatchObject({ delivered: true, via: 'studio' });
    expect(answer.answer).toMatch(/^250 /);
    const [mail] = studioSink.to('owner@harbor.test');
    expect(mail?.subject).toBe('Test e-mail from Harbor Yoga');

    studioSink.refuseNext();
    const refused = studioSmtpTestResponseSchema.parse(
      (await post(studio, '/test', { actorId: studio.ownerId, to: 'owner@harbor.test' })).json,
    );
    expect(refused).toMatchObject({ delivered: false, via: 'studio' });
    expect(refused.answer).toMatch(/^550 .*mailbox unavailable/);
    expect(studioSink.to('owner@harbor.test')).toHaveLength(1);

    const badTo = await post(studio, '/test', { actorId: studio.ownerId, to: 'nobody' });
    expect(badTo.status).toBe(400);

    // Back on the platform's server, the test goes there.
    await post(studio, '/clear', { actorId: studio.ownerId });
    const platform = studioSmtpTestResponseSchema.parse(
      (await post(studio, '/test', { actorId: studio.ownerId, to: 'plat@harbor.test' })).json,
    );
    expect(platform).toMatchObject({ delivered: true, via: 'platform' });
    expect(world.smtp.to('plat@harbor.test')).toHaveLength(1);
  });

  it('R4.6 the settings never reach a desk: not in a pull, a snapshot or the export', async () => {
    await platformSmtp();
    const studio = await newStudio();
    const smtp = own({ host: 'mail.never-synced.test', user: 'harbor', pass: PASSWORD });
    expect((await post(studio, '', { actorId: studio.ownerId, smtp })).status).toBe(200);

    const pull = await call(app, 'GET', '/v1/pull?after=0&limit=10000', {
      token: studio.desk.token,
    });
    expect(pull.status).toBe(200);
    expect(pull.body).not.toContain('never-synced');
    expect(pull.body).not.toContain(PASSWORD);
    const snapshot = await call(app, 'GET', '/v1/snapshot?table=studio_smtp_settings', {
      token: studio.desk.token,
    });
    expect(snapshot.status).toBe(400);

    const exported = await app.inject({
      method: 'GET',
      url: `${STUDIO_EXPORT_PATH}?actorId=${studio.ownerId}`,
      headers: { authorization: `Bearer ${studio.desk.token}` },
    });
    expect(exported.statusCode).toBe(200);
    const archive = gunzipSync(exported.rawPayload).toString();
    expect(archive).toContain('manifest.json');
    expect(archive).not.toContain('never-synced');
    expect(archive).not.toContain(PASSWORD);
    expect(archive).not.toContain('studio_smtp_settings.');
  });
});
