import { describe, expect, it } from 'vitest';
import {
  checksumsResponseSchema,
  errorResponseSchema,
} from '../../src-shared/protocol/sync-messages';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import {
  call,
  createStudioWithDesk,
  serverBackends,
  TestClock,
  useMigratedServer,
} from './support/server-harness';

describe.each(serverBackends)('checksums of chosen tables on %s', (backend) => {
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock);

  it('R6.2 ?tables= answers only those tables, in the order desks hold them, as in the full answer', async () => {
    const { desk } = await createStudioWithDesk(server, clock);
    const full = checksumsResponseSchema.parse(
      (await call(server.app, 'GET', '/v1/checksums', { token: desk.token })).json,
    );
    expect(full.tables.map((t) => t.table)).toEqual(syncedTables.map((t) => t.name));

    const response = await call(server.app, 'GET', '/v1/checksums?tables=users,tenant_members', {
      token: desk.token,
    });
    expect(response.status).toBe(200);
    const some = checksumsResponseSchema.parse(response.json);
    expect(some.position).toBe(full.position);
    expect(some.tables).toEqual(
      full.tables.filter((t) => t.table === 'tenant_members' || t.table === 'users'),
    );
    // The comma may come percent-encoded, as URLSearchParams writes it.
    const encoded = await call(server.app, 'GET', '/v1/checksums?tables=users%2Ctenants', {
      token: desk.token,
    });
    expect(checksumsResponseSchema.parse(encoded.json).tables).toEqual(
      full.tables.filter((t) => t.table === 'tenants' || t.table === 'users'),
    );
  });

  it('R6.2 R7.2 an unknown, server-only, repeated or malformed table list is refused with 400', async () => {
    const { desk } = await createStudioWithDesk(server, clock);
    const refused: [string, string][] = [
      ['tables=bookings,nope', 'unknown_table'],
      ['tables=platform_config', 'unknown_table'],
      ['tables=devices', 'unknown_table'],
      ['tables=bookings,bookings', 'invalid_query'],
      ['tables=', 'invalid_query'],
      ['tables=bookings,', 'invalid_query'],
      ['tables=Bookings', 'invalid_query'],
      ['tables=bookings;drop', 'invalid_query'],
      ['tables=bookings&tables=orders', 'invalid_query'],
      ['table=bookings', 'invalid_query'],
    ];
    for (const [query, code] of refused) {
      const response = await call(server.app, 'GET', `/v1/checksums?${query}`, {
        token: desk.token,
      });
      expect(response.status, query).toBe(400);
      const body = errorResponseSchema.parse(response.json);
      expect(body.error, query).toBe(code);
      expect(body.message.length, query).toBeGreaterThan(0);
    }
  });
});
