import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import {
  connectLinkResponseSchema,
  connectStatusResponseSchema,
  readerResponseSchema,
} from '../../src-shared/protocol/console-messages';
import { errorResponseSchema } from '../../src-shared/protocol/sync-messages';
import { createDeskHost } from '../../src-main/bridge/desk-host';
import { createEnrollmentCode } from '../../sync-server/admin/device-admin';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { inTenantTransaction } from '../../sync-server/db/tenant-transaction';
import { call, startServer, TEST_PIN_COST } from '../server/support/server-harness';
import { createPaymentsWorld, type PaymentsWorld } from '../payments/support/payments-world';

const urls = {
  returnUrl: 'https://studio.example.com/stripe/return',
  refreshUrl: 'https://studio.example.com/stripe/refresh',
};
const address = {
  line1: '1 Harbor Way',
  city: 'Portland',
  postalCode: '97201',
  state: 'OR',
  country: 'US',
};

let world: PaymentsWorld;

beforeAll(async () => {
  world = await createPaymentsWorld();
});

afterAll(async () => {
  await world.dispose();
});

async function addRole(tenantId: string, role: 'manager' | 'front_desk', pin = '2468') {
  const added = await addStaff(
    { db: world.database.db, clock: world.clock },
    {
      tenantId,
      email: `${role}-${randomUUID()}@example.com`,
      firstName: 'Sam',
      lastName: role === 'manager' ? 'Manager' : 'Desk',
      role,
      pin,
    },
    TEST_PIN_COST,
  );
  return added.memberId;
}

async function addLocation(tenantId: string, name: string): Promise<string> {
  const id = randomUUID();
  await inTenantTransaction(world.database.db, tenantId, (trx) =>
    trx
      .insertInto('locations')
      .values({
        id,
        tenant_id: tenantId,
        name,
        time_zone: 'America/Los_Angeles',
        address: null,
        phone: null,
        created_at: new Date(world.clock.now()).toISOString(),
      })
      .execute(),
  );
  return id;
}

/** A studio without a Stripe account yet, and its desk's authenticated requests. */
async function newStudio() {
  const made = await world.newStudio(null);
  return {
    studio: made.studio,
    desk: made.desk,
    request: (method: 'GET' | 'POST', url: string, body?: unknown) =>
      made.request(method, url, body),
  };
}

const stripeCalls = (path: string) =>
  world.stripe.requests.filter((r) => r.method === 'POST' && r.path === path);

describe("connecting a studio's Stripe account (issue 16)", () => {
  it('makes one connected account, answers onboarding links, and reports its status', async () => {
    const { studio, request } = await newStudio();
    const accountsBefore = stripeCalls('/v1/accounts').length;

    const before = await request('GET', `/v1/payments/connect?actorId=${studio.ownerId}`);
    expect(before.status).toBe(200);
    expect(connectStatusResponseSchema.parse(before.json)).toEqual({
      connected: false,
      accountId: null,
      chargesEnabled: false,
      detailsSubmitted: false,
    });

    const first = await request('POST', '/v1/payments/connect', {
      actorId: studio.ownerId,
      ...urls,
    });
    expect(first.status).toBe(200);
    const link = connectLinkResponseSchema.parse(first.json);
    expect(link.accountId).toMatch(/^acct_/);
    expect(link.url).toMatch(/^https:\/\/connect\.stripe\.com\/setup\//);
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(world.clock.now());

    // Stripe's wire: form-encoded, made by the platform under a per-studio idempotency key.
    const created = stripeCalls('/v1/accounts').slice(accountsBefore);
    expect(created).toHaveLength(1);
    expect(created[0]?.account).toBeNull();
    expect(created[0]?.idempotencyKey).toBe(`studio-desk:account:${studio.tenantId}`);
    expect(created[0]?.rawBody).toContain(`metadata[tenant_id]=${studio.tenantId}`);
    expect(created[0]?.params).toMatchObject({
      type: 'standard',
      metadata: { tenant_id: studio.tenantId },
    });
    const linkCall = stripeCalls('/v1/account_links').at(-1);
    expect(linkCall?.params).toMatchObject({
      account: link.accountId,
      type: 'account_onboarding',
      return_url: urls.returnUrl,
      refresh_url: urls.refreshUrl,
    });

    const tenant = await world
      .tables()
      .selectFrom('tenants')
      .select('stripe_account_id')
      .where('id', '=', studio.tenantId)
      .executeTakeFirstOrThrow();
    expect(tenant.stripe_account_id).toBe(link.accountId);

    // Connecting again (the link expired, the owner came back) reuses the account.
    const again = connectLinkResponseSchema.parse(
      (await request('POST', '/v1/payments/connect', { actorId: studio.ownerId, ...urls })).json,
    );
    expect(again.accountId).toBe(link.accountId);
    expect(stripeCalls('/v1/accounts').slice(accountsBefore)).toHaveLength(1);

    const pending = connectStatusResponseSchema.parse(
      (await request('GET', `/v1/payments/connect?actorId=${studio.ownerId}`)).json,
    );
    expect(pending).toEqual({
      connected: false,
      accountId: link.accountId,
      chargesEnabled: false,
      detailsSubmitted: false,
    });
    world.stripe.connect.completeOnboarding(link.accountId);
    const done = connectStatusResponseSchema.parse(
      (await request('GET', `/v1/payments/connect?actorId=${studio.ownerId}`)).json,
    );
    expect(done).toEqual({
      connected: true,
      accountId: link.accountId,
      chargesEnabled: true,
      detailsSubmitted: true,
    });
    expect((await request('GET', '/v1/payments/status')).json).toEqual({
      available: true,
      reason: null,
    });
  });

  it('is for the owner only: a manager or front-desk staff member gets 403 and Stripe is not called', async () => {
    const { studio, request } = await newStudio();
    const managerId = await addRole(studio.tenantId, 'manager');
    const frontDeskId = await addRole(studio.tenantId, 'front_desk');
    const callsBefore = world.stripe.requests.length;
    for (const actorId of [managerId, frontDeskId, randomUUID()]) {
      const connect = await request('POST', '/v1/payments/connect', { actorId, ...urls });
      expect(connect.status).toBe(403);
      expect(errorResponseSchema.parse(connect.json).error).toBe('forbidden');
      expect((await request('GET', `/v1/payments/connect?actorId=${actorId}`)).status).toBe(403);
      const reader = await request('POST', '/v1/payments/readers', {
        actorId,
        registrationCode: 'simulated-wpe',
        label: 'Front',
        address,
      });
      expect(reader.status).toBe(403);
    }
    expect(world.stripe.requests.length).toBe(callsBefore);
    const bad = await request('POST', '/v1/payments/connect', {
      actorId: studio.ownerId,
      returnUrl: 'javascript:alert(1)',
      refreshUrl: urls.refreshUrl,
    });
    expect(bad.status).toBe(400);
    expect(errorResponseSchema.parse(bad.json).error).toBe('invalid_request');
  });

  it('registers card readers, making the Terminal location once per studio location', async () => {
    const { studio, request } = await newStudio();
    const notConnected = await request('POST', '/v1/payments/readers', {
      actorId: studio.ownerId,
      registrationCode: 'simulated-wpe',
      label: 'Front',
      address,
    });
    expect(notConnected.status).toBe(409);
    expect(errorResponseSchema.parse(notConnected.json).error).toBe('payments_not_set_up');

    const link = connectLinkResponseSchema.parse(
      (await request('POST', '/v1/payments/connect', { actorId: studio.ownerId, ...urls })).json,
    );
    world.stripe.connect.completeOnboarding(link.accountId);
    const noLocation = await request('POST', '/v1/payments/readers', {
      actorId: studio.ownerId,
      registrationCode: 'simulated-wpe',
      label: 'Front',
      address,
    });
    expect(noLocation.status).toBe(404);
    expect(errorResponseSchema.parse(noLocation.json).error).toBe('unknown_location');

    const locationId = await addLocation(studio.tenantId, 'Harbor Studio');
    const noAddress = await request('POST', '/v1/payments/readers', {
      actorId: studio.ownerId,
      registrationCode: 'simulated-wpe',
      label: 'Front',
    });
    expect(noAddress.status).toBe(400);
    expect(errorResponseSchema.parse(noAddress.json).error).toBe('address_needed');

    const first = await request('POST', '/v1/payments/readers', {
      actorId: studio.ownerId,
      registrationCode: 'simulated-wpe',
      label: 'Front counter',
      address,
    });
    expect(first.status).toBe(201);
    const reader = readerResponseSchema.parse(first.json);
    expect(reader).toMatchObject({ label: 'Front counter', status: 'online' });
    expect(reader.readerId).toMatch(/^tmr_/);
    expect(reader.terminalLocationId).toMatch(/^tml_/);
    const location = world.stripe.connect.locations.get(reader.terminalLocationId);
    expect(location?.account).toBe(link.accountId);
    expect(location?.location).toMatchObject({
      display_name: 'Harbor Studio',
      address: { line1: '1 Harbor Way', city: 'Portland', postal_code: '97201', country: 'US' },
      metadata: { tenant_id: studio.tenantId, location_id: locationId },
    });
    expect(world.stripe.connect.readers.get(reader.readerId)?.account).toBe(link.accountId);

    // A second reader at the same location reuses its Terminal location; no address needed.
    world.stripe.connect.offerReader('quick-brown-fox');
    const locationsBefore = stripeCalls('/v1/terminal/locations').length;
    const second = await request('POST', '/v1/payments/readers', {
      actorId: studio.ownerId,
      registrationCode: 'quick-brown-fox',
      label: 'Back room',
      locationId,
    });
    expect(second.status).toBe(201);
    expect(readerResponseSchema.parse(second.json).terminalLocationId).toBe(
      reader.terminalLocationId,
    );
    expect(stripeCalls('/v1/terminal/locations')).toHaveLength(locationsBefore);

    const wrongCode = await request('POST', '/v1/payments/readers', {
      actorId: studio.ownerId,
      registrationCode: 'lazy-dog-jumps',
      label: 'Nope',
    });
    expect(wrongCode.status).toBe(409);
    expect(errorResponseSchema.parse(wrongCode.json).message).toMatch(/registration code/);

    // With two locations the reader's location must be named.
    await addLocation(studio.tenantId, 'Second Studio');
    const ambiguous = await request('POST', '/v1/payments/readers', {
      actorId: studio.ownerId,
      registrationCode: 'simulated-wpe',
      label: 'Which',
    });
    expect(ambiguous.status).toBe(400);
    expect(errorResponseSchema.parse(ambiguous.json).error).toBe('location_needed');
  });

  it('answers 503 on a server without Stripe', async () => {
    const { studio, desk } = await newStudio();
    const plain = await startServer(world.database, world.clock);
    try {
      const response = await call(plain, 'POST', '/v1/payments/connect', {
        token: desk.token,
        body: { actorId: studio.ownerId, ...urls },
      });
      expect(response.status).toBe(503);
      expect(errorResponseSchema.parse(response.json).error).toBe('payments_not_configured');
    } finally {
      await plain.close();
    }
  });
});

describe('stripe.* bridge methods at a desk', () => {
  const root = mkdtempSync(join(tmpdir(), 'desk-connect-'));

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('connect, status and reader registration for the owner; others are refused at the desk', async () => {
    const { studio } = await newStudio();
    const frontDeskId = await addRole(studio.tenantId, 'front_desk', '2468');
    await addLocation(studio.tenantId, 'Only Studio');
    const { code } = await createEnrollmentCode(
      { db: world.database.db, clock: world.clock },
      { tenantId: studio.tenantId },
    );
    const host = await createDeskHost({ dataDir: join(root, 'desk'), shell: 'test' });
    try {
      const ok = async <M extends keyof DeskMethodResults>(method: M, args: unknown = {}) => {
        const reply = await host.invoke(method, args);
        if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
        return reply.value as DeskMethodResults[M];
      };
      await ok('setup.connect', { serverUrl: world.url, code, deviceName: 'Owner desk' });
      await ok('staff.signIn', { memberId: frontDeskId, pin: '2468' });
      const refused = await host.invoke('stripe.connect', urls);
      expect(refused.ok ? null : refused.error.code).toBe('forbidden');
      await ok('staff.signOut');

      await ok('staff.signIn', { memberId: studio.ownerId, pin: '1234' });
      const link = await ok('stripe.connect', urls);
      expect(link.url).toMatch(/^https:\/\/connect\.stripe\.com\//);
      expect((await ok('stripe.connectStatus')).chargesEnabled).toBe(false);
      world.stripe.connect.completeOnboarding(link.accountId);
      expect(await ok('stripe.connectStatus')).toMatchObject({
        connected: true,
        chargesEnabled: true,
      });
      const reader = await ok('stripe.registerReader', {
        registrationCode: 'simulated-wpe',
        label: 'Desk reader',
        address,
      });
      expect(reader.readerId).toMatch(/^tmr_/);
      const bad = await host.invoke('stripe.registerReader', { registrationCode: 'x' });
      expect(bad.ok ? null : bad.error.code).toBe('invalid');
    } finally {
      await host.close();
    }
  });
});
