import http from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom, type SeededRandom } from './support/seeded-random';

/**
 * What the proxy does to one request:
 * - `drop`: closes the client's connection without a reply; the server never sees it.
 * - `reset`: the same with a TCP RST (`socket.resetAndDestroy`).
 * - `delay`: waits, then relays it normally.
 * - `cut_before_response`: relays the whole request, waits for the server's whole answer
 *   (so the server has committed), then closes the client's connection without a byte.
 * - `cut_mid_response`: the same, but relays the head and half the body first.
 * - `pass`: relays it untouched.
 */
export type FaultKind =
  'drop' | 'reset' | 'delay' | 'cut_before_response' | 'cut_mid_response' | 'pass';

export const FAULT_KINDS: readonly FaultKind[] = [
  'drop',
  'reset',
  'delay',
  'cut_before_response',
  'cut_mid_response',
  'pass',
];

/** The chance of each fault per request (the rest pass), and the longest delay. */
export interface FaultPlan {
  readonly drop: number;
  readonly reset: number;
  readonly delay: number;
  readonly cutBeforeResponse: number;
  readonly cutMidResponse: number;
  readonly maxDelayMs: number;
  /**
   * Faults the first requests of a route get, in order, before the random draws take over:
   * every kind is then met at least once however few requests a slow machine makes.
   */
  readonly scripted?: Readonly<Record<string, readonly FaultKind[]>>;
}

export const CLEAN: FaultPlan = {
  drop: 0,
  reset: 0,
  delay: 0,
  cutBeforeResponse: 0,
  cutMidResponse: 0,
  maxDelayMs: 0,
};

export interface FaultProxy {
  /** The proxy's base URL on loopback, to give desks instead of the server's. */
  readonly url: string;
  /** How often each fault hit each route (`POST /v1/push`), for the test to assert on. */
  readonly stats: ReadonlyMap<string, Readonly<Record<FaultKind, number>>>;
  setPlan(plan: FaultPlan): void;
  /** Total count of a fault, over every route or one. */
  count(kind: FaultKind, route?: string): number;
  close(): Promise<void>;
}

function draw(random: SeededRandom, plan: FaultPlan): FaultKind {
  let roll = random.next();
  const bands: [FaultKind, number][] = [
    ['drop', plan.drop],
    ['reset', plan.reset],
    ['delay', plan.delay],
    ['cut_before_response', plan.cutBeforeResponse],
    ['cut_mid_response', plan.cutMidResponse],
  ];
  for (const [kind, p] of bands) {
    if (roll < p) return kind;
    roll -= p;
  }
  return 'pass';
}

/** Hop-by-hop headers belong to one connection and are not relayed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection']);

function endToEndHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * A fault-injecting HTTP proxy on loopback between desks and the sync server. Each request
 * draws one fault from a seeded PRNG, so a seed replays the same fault sequence (the order
 * requests arrive in still varies). Event streams (`text/event-stream`) are relayed as they
 * flow, and a cut fault closes them after a short while instead.
 */
export async function startFaultProxy(options: {
  readonly target: string;
  readonly seed: number;
  readonly plan: FaultPlan;
}): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = seededRandom(options.seed);
  let plan = options.plan;
  let scripted = new Map(Object.entries(options.plan.scripted ?? {}).map(([r, k]) => [r, [...k]]));
  const stats = new Map<string, Record<FaultKind, number>>();
  const sockets = new Set<Socket>();
  const upstreamAgent = new http.Agent({ keepAlive: true });

  const record = (route: string, kind: FaultKind) => {
    let counts = stats.get(route);
    if (!counts) {
      counts = {
        drop: 0,
        reset: 0,
        delay: 0,
        cut_before_response: 0,
        cut_mid_response: 0,
        pass: 0,
      };
      stats.set(route, counts);
    }
    counts[kind]++;
  };

  async function relay(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    kind: FaultKind,
  ): Promise<void> {
    const client = request.socket;
    const upstream = http.request({
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: { ...endToEndHeaders(request.headers), host: target.host },
      agent: upstreamAgent,
    });
    // Errors after the answer began surface through the answer's stream; none may go unheard.
    upstream.on('error', () => undefined);
    // A client that goes away takes its unfinished upstream request (and event stream) along.
    response.once('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
    const answer = await new Promise<http.IncomingMessage>((resolve, reject) => {
      upstream.once('response', resolve);
      upstream.once('error', reject);
    });
    const headers = endToEndHeaders(answer.headers);
    if ((answer.headers['content-type'] ?? '').startsWith('text/event-stream')) {
      response.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(response);
      if (kind === 'cut_before_response' || kind === 'cut_mid_response') {
        await sleep(random.int(50, 1500));
        client.destroy();
      }
      return;
    }
    // The whole answer has arrived: whatever the request did is committed at the server.
    const body = await readAll(answer);
    if (kind === 'cut_before_response') {
      client.destroy();
      return;
    }
    headers['content-length'] = String(body.length);
    response.writeHead(answer.statusCode ?? 502, headers);
    if (kind === 'cut_mid_response') {
      response.write(body.subarray(0, Math.floor(body.length / 2)));
      // Let the half reach the client before the connection goes.
      await sleep(5);
      client.destroy();
      return;
    }
    response.end(body);
  }

  const server = http.createServer((request, response) => {
    const route = `${request.method ?? '?'} ${(request.url ?? '').split('?')[0] ?? ''}`;
    const kind = scripted.get(route)?.shift() ?? draw(random, plan);
    record(route, kind);
    if (kind === 'drop') {
      request.socket.destroy();
      return;
    }
    if (kind === 'reset') {
      request.socket.resetAndDestroy();
      return;
    }
    const delayMs = kind === 'delay' ? random.int(1, Math.max(1, plan.maxDelayMs)) : 0;
    void sleep(delayMs)
      .then(() => relay(request, response, kind))
      .catch(() => {
        // The server or the client went away mid-relay: the client sees a closed connection.
        request.socket.destroy();
      });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  const { port } = address;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setPlan(next) {
      plan = next;
      scripted = new Map(Object.entries(next.scripted ?? {}).map(([r, k]) => [r, [...k]]));
    },
    count(kind, route) {
      let total = 0;
      for (const [name, counts] of stats)
        if (route === undefined || name === route) total += counts[kind];
      return total;
    },
    async close() {
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      for (const socket of sockets) socket.destroy();
      upstreamAgent.destroy();
      await closed;
    },
  };
}
