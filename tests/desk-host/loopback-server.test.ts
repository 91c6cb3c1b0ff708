import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_HTTP } from '../../src-shared/bridge/desk-bridge';
import { startBrowserDesk, type BrowserDesk } from '../../src-main/loopback/browser-mode';
import { MAX_INVOKE_BYTES } from '../../src-main/loopback/loopback-server';

let root: string;
let desk: BrowserDesk;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'loopback-desk-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Studio Desk</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("desk")');
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
  desk = await startBrowserDesk({ dataDir: join(root, 'desk'), rendererDir });
});

afterAll(async () => {
  await desk.close();
  rmSync(root, { recursive: true, force: true });
});

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw request, so tests can send what a browser's fetch would never send. */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const { port } = new URL(desk.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const invoke = (body: unknown, headers: Record<string, string> = {}) =>
  send(DESK_HTTP.invokePath, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [DESK_HTTP.secretHeader]: desk.secret,
      ...headers,
    },
    body: JSON.stringify(body),
  });

describe('browser mode on loopback', () => {
  it('prints a launch URL that carries the secret in its fragment only', () => {
    const url = new URL(desk.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.hash).toBe(`#${DESK_HTTP.secretFragmentKey}=${desk.secret}`);
    expect(url.search).toBe('');
  });

  it('serves the renderer and never a file outside it', async () => {
    const index = await send('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect((await send('/assets/app.js')).body).toContain('desk');
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const response = await send(path);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('outside the renderer');
    }
  });

  it('answers a good call with the same reply envelope as IPC', async () => {
    const response = await invoke({ method: 'app.info', args: {} });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      ok: true,
      value: { name: 'Studio Desk', shell: 'browser' },
    });
  });

  it('refuses calls without the secret, from another page, or to another host name', async () => {
    const noSecret = await send(DESK_HTTP.invokePath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'app.info', args: {} }),
    });
    expect(noSecret.status).toBe(401);
    expect(
      (await invoke({ method: 'app.info', args: {} }, { [DESK_HTTP.secretHeader]: 'x'.repeat(43) }))
        .status,
    ).toBe(401);
    const foreign = await invoke(
      { method: 'app.info', args: {} },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const rebound = await invoke({ method: 'app.info', args: {} }, { host: 'evil.example:80' });
    expect(rebound.status).toBe(403);
    const sameOrigin = await invoke({ method: 'app.info', args: {} }, { origin: desk.origin });
    expect(sameOrigin.status).toBe(200);
  });

  it('refuses malformed calls with a clear 4xx and the reply envelope', async () => {
    const cases: [RawResponse, number][] = [
      [await send(DESK_HTTP.invokePath), 405],
      [
        await send(DESK_HTTP.invokePath, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', [DESK_HTTP.secretHeader]: desk.secret },
          body: '{}',
        }),
        415,
      ],
      [
        await send(DESK_HTTP.invokePath, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [DESK_HTTP.secretHeader]: desk.secret },
          body: '{"method":',
        }),
        400,
      ],
      [await invoke({ method: 'app.info', args: {}, extra: 1 }), 400],
      [await invoke({ method: 'no.suchThing', args: {} }), 400],
      [await invoke({ method: 'staff.signIn', args: { memberId: 5, pin: 1234 } }), 400],
      [await invoke({ method: 'sync.dismissProblem', args: { seq: '3' } }), 400],
      [
        await send(DESK_HTTP.invokePath, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [DESK_HTTP.secretHeader]: desk.secret },
          body: Buffer.alloc(MAX_INVOKE_BYTES + 10, 32),
        }),
        413,
      ],
    ];
    for (const [response, status] of cases) {
      expect(response.status).toBe(status);
      const body = JSON.parse(response.body) as { ok: boolean; error: { message: string } };
      expect(body.ok).toBe(false);
      expect(body.error.message.length).toBeGreaterThan(5);
    }
  });

  it('streams sync status to the page that holds the secret', async () => {
    const controller = new AbortController();
    const response = await fetch(`${desk.origin}${DESK_HTTP.eventsPath}?secret=${desk.secret}`, {
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('"type":"sync"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('"enrolled":false');
    const refused = await fetch(`${desk.origin}${DESK_HTTP.eventsPath}?secret=wrong`);
    expect(refused.status).toBe(401);
  });
});
