import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  enrollResponseSchema,
  errorResponseSchema,
  rotateResponseSchema,
} from '../../src-shared/protocol/sync-messages';
import { createEnrollmentCode, revokeDevice } from '../../sync-server/admin/device-admin';
import { createSyncServer } from '../../sync-server/http/create-sync-server';
import { sha256Hex } from '../../sync-server/support/secret-tokens';
import {
  call,
  createStudio,
  enrollDesk,
  serverBackends,
  TestClock,
  useMigratedServer,
} from './support/server-harness';

describe.each(serverBackends)('devices and tokens on %s', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  const deviceCount = async (tenantId: string) => {
    const result = await sql<{
      n: number;
    }>`select count(*)::int as n from devices where tenant_id = ${tenantId}`.execute(
      server.handle.db,
    );
    return result.rows[0]?.n;
  };

  it('R2.1 an enrolment code enrols one desk and cannot be used again', async () => {
    const studio = await createStudio(server.handle.db, clock, 'Lotus Room');
    const { code } = await createEnrollmentCode(
      { db: server.handle.db, clock },
      { tenantId: studio.tenantId },
    );
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);

    // Typed at the desk in lower case with a dash: still the same code.
    const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`;
    const first = await call(server.app, 'POST', '/v1/enroll', {
      body: { code: typed, deviceName: 'Desk 1' },
    });
    expect(first.status).toBe(201);
    const enrolled = enrollResponseSchema.parse(first.json);
    expect(enrolled.tenantId).toBe(studio.tenantId);
    expect(enrolled.tenantName).toBe('Lotus Room');
    const secrets = await sql<{
      pin_pepper: string;
    }>`select pin_pepper from tenant_secrets where tenant_id = ${studio.tenantId}`.execute(
      server.handle.db,
    );
    expect(enrolled.pinPepper).toBe(secrets.rows[0]?.pin_pepper);

    const second = await call(server.app, 'POST', '/v1/enroll', {
      body: { code, deviceName: 'Desk 2' },
    });
    expect(second.status).toBe(400);
    expect(errorResponseSchema.parse(second.json).error).toBe('enrollment_code_used');
    expect(await deviceCount(studio.tenantId)).toBe(1);

    // Only hashes are stored (R2.1).
    const stored = await sql<{ code_hash: string; token_hash: string }>`
      select c.code_hash, d.token_hash from enrollment_codes c join devices d
        on d.tenant_id = c.tenant_id and d.id = c.used_by_device_id
       where c.tenant_id = ${studio.tenantId}`.execute(server.handle.db);
    expect(stored.rows).toEqual([
      { code_hash: sha256Hex(code), token_hash: sha256Hex(enrolled.deviceToken) },
    ]);
  });

  it('R2.1 an enrolment code expires after 15 minutes', async () => {
    const studio = await createStudio(server.handle.db, clock);
    const late = await createEnrollmentCode(
      { db: server.handle.db, clock },
      { tenantId: studio.tenantId },
    );
    const inTime = await createEnrollmentCode(
      { db: server.handle.db, clock },
      { tenantId: studio.tenantId },
    );
    clock.advance(14 * 60_000);
    const ok = await call(server.app, 'POST', '/v1/enroll', {
      body: { code: inTime.code, deviceName: 'Desk' },
    });
    expect(ok.status).toBe(201);
    clock.advance(60_000);
    const expired = await call(server.app, 'POST', '/v1/enroll', {
      body: { code: late.code, deviceName: 'Desk' },
    });
    expect(expired.status).toBe(400);
    expect(errorResponseSchema.parse(expired.json).error).toBe('enrollment_code_expired');
    expect(await deviceCount(studio.tenantId)).toBe(1);
  });

  it('R2.1 an unknown code is refused and creates nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from devices`.execute(
      server.handle.db,
    );
    const response = await call(server.app, 'POST', '/v1/enroll', {
      body: { code: 'ZZZZZZZZZZ', deviceName: 'Desk' },
    });
    expect(response.status).toBe(400);
    expect(errorResponseSchema.parse(response.json).error).toBe('enrollment_code_invalid');
    const after = await sql<{ n: number }>`select count(*)::int as n from devices`.execute(
      server.handle.db,
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('R2.2 a request without a known device token is refused with 401 unauthenticated', async () => {
    for (const token of [undefined, 'not-a-real-token-at-all', `sdt_${'A'.repeat(43)}`]) {
      const response = await call(
        server.app,
        'GET',
        '/v1/pull?after=0',
        token === undefined ? {} : { token },
      );
      expect(response.status).toBe(401);
      expect(errorResponseSchema.parse(response.json).error).toBe('unauthenticated');
    }
  });

  it('R2.2 a revoked device is refused with 401 device_revoked at its next request', async () => {
    const studio = await createStudio(server.handle.db, clock);
    const desk = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId);
    expect((await call(server.app, 'GET', '/v1/pull?after=0', { token: desk.token })).status).toBe(
      200,
    );
    await revokeDevice(
      { db: server.handle.db, clock },
      { tenantId: studio.tenantId, deviceId: desk.deviceId },
    );
    for (const [method, url] of [
      ['GET', '/v1/pull?after=0'],
      ['GET', '/v1/checksums'],
      ['POST', '/v1/device/rotate'],
      ['GET', '/v1/events'],
    ] as const) {
      const response = await call(server.app, method, url, { token: desk.token });
      expect(response.status, url).toBe(401);
      expect(errorResponseSchema.parse(response.json).error).toBe('device_revoked');
    }
  });

  it('R2.3 a rotation whose response is lost does not lock the desk out', async () => {
    const studio = await createStudio(server.handle.db, clock);
    const desk = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId);
    const pull = (token: string) => call(server.app, 'GET', '/v1/pull?after=0', { token });

    // The first rotation's response is lost: the desk never learns the token.
    const lost = rotateResponseSchema.parse(
      (await call(server.app, 'POST', '/v1/device/rotate', { token: desk.token })).json,
    );
    expect((await pull(desk.token)).status).toBe(200);
    // It retries with the old token, which still works, and this time keeps the answer.
    const kept = rotateResponseSchema.parse(
      (await call(server.app, 'POST', '/v1/device/rotate', { token: desk.token })).json,
    );
    expect(kept.deviceToken).not.toBe(lost.deviceToken);
    expect((await pull(desk.token)).status).toBe(200);

    // The first use of the new token retires the old one, and the lost one never worked.
    expect((await pull(kept.deviceToken)).status).toBe(200);
    expect((await pull(desk.token)).status).toBe(401);
    expect((await pull(lost.deviceToken)).status).toBe(401);
    expect((await pull(kept.deviceToken)).status).toBe(200);
  });

  it('R2.2 a desk past its rate limit gets 429 with Retry-After, then recovers', async () => {
    const limited = await createSyncServer({
      db: server.handle.db,
      clock,
      deviceRateLimit: { burst: 2, perSecond: 1 },
    });
    try {
      const studio = await createStudio(server.handle.db, clock);
      const desk = await enrollDesk(limited, server.handle.db, clock, studio.tenantId);
      const pull = () => call(limited, 'GET', '/v1/pull?after=0', { token: desk.token });
      expect((await pull()).status).toBe(200);
      expect((await pull()).status).toBe(200);
      const refused = await pull();
      expect(refused.status).toBe(429);
      expect(errorResponseSchema.parse(refused.json).error).toBe('rate_limited');
      expect(refused.headers['retry-after']).toBe('1');
      clock.advance(1_000);
      expect((await pull()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
