import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { DESK_HTTP, type DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskHost } from '../bridge/desk-host';
import { createLoopbackGuard, type LoopbackGuard, type Refusal } from './loopback-guard';
import { readRendererFile } from './static-files';
import { STUDIO_EXPORT_DOWNLOAD_PREFIX } from '../../src-shared/bridge/studio-export-call';
import { createStudioExportDownloads } from './studio-export-downloads';

/** Largest bridge call accepted: a waiver signature image is the biggest legitimate one. */
export const MAX_INVOKE_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const invokeEnvelopeSchema = z.strictObject({
  method: z.string().max(100),
  // Required: a call without arguments sends {}; a missing or null one is refused.
  args: z.custom<unknown>((value) => value !== undefined, 'args is required'),
});

/** `application/json; charset=utf-8` → `application/json`. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
} as const;

/** HTTP status for a refused call; the body always carries the same DeskReply as IPC. */
function statusFor(reply: DeskReply): number {
  if (reply.ok) return 200;
  switch (reply.error.code) {
    case 'invalid':
    case 'unknown_mutation':
    case 'unknown_query':
      return 400;
    case 'not_signed_in':
    case 'forbidden':
    case 'wrong_pin':
    case 'locked':
    case 'unknown_staff':
      return 403;
    case 'not_found':
      return 404;
    case 'offline':
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
    default:
      return 409;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function refuse(response: ServerResponse, refusal: Refusal): void {
  sendJson(response, refusal.status, {
    ok: false,
    error: { code: refusal.code, message: refusal.message },
  } satisfies DeskReply);
}

/** Reads a body up to `limit` bytes; undefined when it is larger (the rest is discarded). */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > limit) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

async function handleInvoke(
  host: DeskHost,
  guard: LoopbackGuard,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const secret = request.headers[DESK_HTTP.secretHeader];
  const refusal = guard.check(request, typeof secret === 'string' ? secret : undefined);
  if (refusal) {
    refuse(response, refusal);
    return;
  }
  if (mediaType(request.headers['content-type']) !== 'application/json') {
    refuse(response, {
      status: 415,
      code: 'invalid',
      message: 'Desk calls are JSON (content-type: application/json).',
    });
    return;
  }
  const body = await readBody(request, MAX_INVOKE_BYTES);
  if (!body) {
    response.setHeader('connection', 'close');
    refuse(response, {
      status: 413,
      code: 'invalid',
      message: `A desk call may be at most ${MAX_INVOKE_BYTES} bytes.`,
    });
    return;
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(body.toString('utf8'));
  } catch {
    refuse(response, { status: 400, code: 'invalid', message: 'The body is not JSON.' });
    return;
  }
  const parsed = invokeEnvelopeSchema.safeParse(envelope);
  if (!parsed.success) {
    refuse(response, {
      status: 400,
      code: 'invalid',
      message: 'A desk call is { "method": string, "args": … } and nothing else.',
    });
    return;
  }
  const reply = await host.invoke(parsed.data.method, parsed.data.args);
  sendJson(response, statusFor(reply), reply);
}

function handleEvents(
  host: DeskHost,
  guard: LoopbackGuard,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): void {
  const header = request.headers[DESK_HTTP.secretHeader];
  // EventSource cannot set headers, so the page passes the secret in the query instead.
  const secret =
    typeof header === 'string' ? header : (url.searchParams.get('secret') ?? undefined);
  const refusal = guard.check(request, secret);
  if (refusal) {
    refuse(response, refusal);
    return;
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream',
    connection: 'keep-alive',
  });
  response.write(': connected\n\n');
  const unsubscribe = host.subscribe((event) => {
    response.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
  // The page needs the current status at once, not at the next sync.
  void host.invoke('sync.status', {}).then((reply) => {
    if (reply.ok)
      response.write(`data: ${JSON.stringify({ type: 'sync', status: reply.value })}\n\n`);
  });
  request.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

export interface LoopbackServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves the renderer and the desk bridge on 127.0.0.1 only. */
export async function startLoopbackServer(options: {
  readonly host: DeskHost;
  readonly rendererDir: string;
  readonly secret: string;
  readonly port: number;
}): Promise<LoopbackServer> {
  // The guard needs the port, known only once listening; requests before that are refused.
  const started: { guard?: LoopbackGuard } = {};
  // `studio.export` saves to a temporary file here, downloaded once from its own route.
  const studioExports = createStudioExportDownloads(options.host);
  const host = studioExports.host;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const ready = started.guard;
    if (!ready) {
      refuse(response, { status: 503, code: 'unavailable', message: 'Starting.' });
      return;
    }
    const failed = (error: unknown) => {
      if (!response.headersSent) {
        refuse(response, { status: 500, code: 'internal', message: String(error) });
      } else response.destroy();
    };
    if (url.pathname === DESK_HTTP.invokePath) {
      if (request.method !== 'POST') {
        refuse(response, { status: 405, code: 'invalid', message: 'Use POST.' });
        return;
      }
      handleInvoke(host, ready, request, response).catch(failed);
      return;
    }
    if (url.pathname === DESK_HTTP.eventsPath) {
      if (request.method !== 'GET') {
        refuse(response, { status: 405, code: 'invalid', message: 'Use GET.' });
        return;
      }
      handleEvents(host, ready, request, response, url);
      return;
    }
    if (url.pathname.startsWith(STUDIO_EXPORT_DOWNLOAD_PREFIX)) {
      studioExports
        .serve(request, response, url.pathname, ready)
        .then((refusal) => {
          if (refusal) refuse(response, refusal);
        })
        .catch(failed);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      refuse(response, { status: 405, code: 'invalid', message: 'Use GET.' });
      return;
    }
    readRendererFile(options.rendererDir, url.pathname)
      .then((file) => {
        if (!file) {
          sendJson(response, 404, {
            ok: false,
            error: { code: 'not_found', message: 'No such page.' },
          });
          return;
        }
        response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.contentType });
        response.end(request.method === 'HEAD' ? undefined : file.body);
      })
      .catch(failed);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  started.guard = createLoopbackGuard(origin, options.secret);
  return {
    origin,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      });
      await studioExports.close();
    },
  };
}
