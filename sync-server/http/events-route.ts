import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { headPosition } from '../sync/change-log';
import { parseQuery } from './request-input';
import type { SyncServerContext } from './server-context';

const emptyQuery = z.strictObject({});

/**
 * Pokes for one stream, coalesced (R5.1): a burst of commits (notifications read in one go,
 * or while the desk's socket is still full) is one poke naming the highest position, so the
 * desk pulls once for the burst rather than once per commit. The write waits only for the
 * end of the current turn of the event loop, or for the socket to drain: no timer, so a
 * lone commit's poke is not delayed.
 */
function coalescedPokes(
  raw: ServerResponse,
  poke: (position: number) => void,
): (position: number) => void {
  let waiting: number | undefined;
  const flush = () => {
    if (waiting === undefined || raw.writableEnded) return;
    if (raw.writableNeedDrain) {
      raw.once('drain', flush);
      return;
    }
    const at = waiting;
    waiting = undefined;
    poke(at);
  };
  return (position) => {
    const scheduled = waiting !== undefined;
    waiting = Math.max(waiting ?? position, position);
    if (!scheduled) setImmediate(flush);
  };
}

/**
 * `GET /v1/events` (R5.1): a server-sent event stream of `poke`s carrying the tenant's new
 * position. The first poke, sent on connect, carries the current position, so a desk that
 * reconnects learns at once whether it missed anything.
 */
export function registerEventsRoute(app: FastifyInstance, context: SyncServerContext): void {
  /** Ends each open stream; `destroy` also drops its socket (server shutdown). */
  const streams = new Set<(destroy: boolean) => void>();

  app.get('/v1/events', async (request, reply) => {
    const device = await context.authenticate(request);
    parseQuery(emptyQuery, request.query, []);
    const position = await context.tenants.inTenant(device.tenantId, (trx) =>
      headPosition(trx, device.tenantId),
    );

    // From here on the handler owns the socket: Fastify sends nothing more.
    void reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // The socket ends with the stream rather than idling in keep-alive, which would hold
      // up the server's close() until its keep-alive timeout.
      connection: 'close',
      // nginx would otherwise buffer the stream and deliver pokes late.
      'x-accel-buffering': 'no',
    });
    const poke = (at: number) =>
      raw.write(`event: poke\ndata: ${JSON.stringify({ position: at })}\n\n`);
    poke(position);
    const unsubscribe = context.hub.subscribe(device.tenantId, coalescedPokes(raw, poke));
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), context.heartbeatMs);
    const stop = (destroy: boolean) => {
      if (!streams.delete(stop)) return;
      clearInterval(heartbeat);
      unsubscribe();
      raw.end();
      if (destroy) raw.destroy();
    };
    streams.add(stop);
    // The response closes when the desk goes away or the stream is ended here.
    raw.on('close', () => {
      stop(false);
    });
  });

  // Open streams would keep close() waiting; a client that keeps its half of an ended
  // stream's socket would hold it up for its keep-alive time, so the sockets are dropped.
  app.addHook('preClose', async () => {
    for (const stop of [...streams]) stop(true);
  });
}
