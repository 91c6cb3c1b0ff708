import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pokeEventSchema, pushResponseSchema } from '../../src-shared/protocol/sync-messages';
import { addStaff } from '../../sync-server/admin/staff-admin';
import { EventStreamReader, type StreamEvent } from './support/http-test-client';
import {
  call,
  createStudio,
  enrollDesk,
  serverBackends,
  startServer,
  TEST_PIN_COST,
  TestClock,
  TestOutbox,
  useMigratedServer,
} from './support/server-harness';

const isPoke = (event: StreamEvent) => event.event === 'poke';
/** A poke past `position`: a push answers the head as it began, its rows come after (R3.5). */
const pokePast = (position: number) => (event: StreamEvent) =>
  isPoke(event) && pokeEventSchema.parse(JSON.parse(event.data ?? '')).position > position;

describe.each(serverBackends)('live events on %s', (backend) => {
  let base: string;
  const clock = new TestClock();
  const server = useMigratedServer(backend, clock, { heartbeatMs: 100 });
  const streams: EventStreamReader[] = [];

  const open = async (url: string, token: string) => {
    const stream = await EventStreamReader.open(url, token);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(() => {
    for (const stream of streams) stream.close();
  });

  it('R5.1 a push pokes the tenant’s desks with the new position, and only them', async () => {
    const studio = await createStudio(server.handle.db, clock);
    const other = await createStudio(server.handle.db, clock);
    const pusher = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId, 'Till');
    const watcher = await enrollDesk(
      server.app,
      server.handle.db,
      clock,
      studio.tenantId,
      'Back office',
    );
    const stranger = await enrollDesk(
      server.app,
      server.handle.db,
      clock,
      other.tenantId,
      'Elsewhere',
    );

    const stream = await open(`${base}/v1/events`, watcher.token);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const strangerStream = await open(`${base}/v1/events`, stranger.token);
    // On connect each stream hears the current position.
    const first = pokeEventSchema.parse(JSON.parse((await stream.next(isPoke)).data ?? ''));
    await strangerStream.next(isPoke);

    const outbox = new TestOutbox(studio.ownerId, clock);
    const pushed = pushResponseSchema.parse(
      (
        await call(server.app, 'POST', '/v1/push', {
          token: pusher.token,
          body: {
            mutations: [outbox.next('note.add', { memberId: studio.ownerId, note: 'Poke' })],
          },
        })
      ).json,
    );
    expect(pushed.position).toBe(first.position);
    await stream.next(pokePast(pushed.position));
    // The other studio's desk hears heartbeats, never this studio's pokes.
    await expect(strangerStream.next(isPoke, 400)).rejects.toThrow(/timeout/);
  });

  it('R5.1 an idle stream gets heartbeat comments', async () => {
    const studio = await createStudio(server.handle.db, clock);
    const desk = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId);
    const stream = await open(`${base}/v1/events`, desk.token);
    const heartbeat = await stream.next((event) => event.comment === 'heartbeat');
    expect(heartbeat.event).toBeUndefined();
  });

  it('R2.2 the event stream needs a device token', async () => {
    const response = await call(server.app, 'GET', '/v1/events');
    expect(response.status).toBe(401);
  });

  // Needs two connections to one database, which the single-process PGlite cannot give.
  if (backend === 'postgres')
    it('R5.1 LISTEN/NOTIFY pokes desks connected to another server process on the same database', async () => {
      const studio = await createStudio(server.handle.db, clock);
      const pusher = await enrollDesk(server.app, server.handle.db, clock, studio.tenantId, 'Till');
      const watcher = await enrollDesk(
        server.app,
        server.handle.db,
        clock,
        studio.tenantId,
        'Back office',
      );
      const listening = { listenConnectionString: server.handle.url ?? '' };
      const first = await startServer(server.handle, clock, listening);
      const second = await startServer(server.handle, clock, listening);
      try {
        const secondBase = await second.listen({ port: 0, host: '127.0.0.1' });
        const stream = await open(`${secondBase}/v1/events`, watcher.token);
        await stream.next(isPoke);
        const outbox = new TestOutbox(studio.ownerId, clock);
        const pushed = pushResponseSchema.parse(
          (
            await call(first, 'POST', '/v1/push', {
              token: pusher.token,
              body: {
                mutations: [outbox.next('note.add', { memberId: studio.ownerId, note: 'Across' })],
              },
            })
          ).json,
        );
        const poked = pokeEventSchema.parse(
          JSON.parse((await stream.next(pokePast(pushed.position))).data ?? ''),
        );
        // A commit made by no server at all (an admin command) pokes too: the trigger notifies.
        await addStaff(
          { db: server.handle.db, clock },
          {
            tenantId: studio.tenantId,
            email: `late-${studio.slug}@example.com`,
            firstName: 'Late',
            lastName: 'Hire',
            role: 'front_desk',
            pin: '2468',
          },
          TEST_PIN_COST,
        );
        await stream.next(pokePast(poked.position));
        stream.close();
      } finally {
        await first.close();
        await second.close();
      }
    });
});
