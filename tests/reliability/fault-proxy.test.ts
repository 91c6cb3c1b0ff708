import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, startFaultProxy, type FaultKind, type FaultProxy } from './fault-proxy';

/**
 * The proxy's faults do what bad-network.test.ts relies on: a dropped or reset request never
 * reaches the server, a cut one reached it (and was answered) but the client hears nothing
 * or half, a delayed one arrives late but whole.
 */
describe('the fault-injecting proxy', () => {
  let handled = 0;
  let proxy: FaultProxy | undefined;
  const upstream = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      handled++;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ ok: true, padding: 'x'.repeat(2000) }));
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const address = upstream.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    proxy = await startFaultProxy({
      target: `http://127.0.0.1:${address.port}`,
      seed: 1,
      plan: CLEAN,
    });
  });

  afterAll(async () => {
    await proxy?.close();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => {
      upstream.close(() => {
        resolve();
      });
    });
  });

  /** One POST through the proxy with `kind` forced; what the client got and the server saw. */
  async function through(kind: FaultKind) {
    if (!proxy) throw new Error('the proxy starts in beforeAll');
    proxy.setPlan({ ...CLEAN, maxDelayMs: 200, scripted: { 'POST /v1/push': [kind] } });
    const before = handled;
    const started = Date.now();
    let outcome: 'answered' | 'failed';
    try {
      const response = await fetch(`${proxy.url}/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"mutations":[]}',
      });
      await response.json();
      outcome = 'answered';
    } catch {
      outcome = 'failed';
    }
    // A cut request is complete at the server before the client's error: no wait needed.
    return { outcome, reachedServer: handled - before, ms: Date.now() - started };
  }

  it('drops and resets before the server sees the request', async () => {
    expect(await through('drop')).toMatchObject({ outcome: 'failed', reachedServer: 0 });
    expect(await through('reset')).toMatchObject({ outcome: 'failed', reachedServer: 0 });
  });

  it('cuts the answer after the server handled the request, before or midway through it', async () => {
    expect(await through('cut_before_response')).toMatchObject({
      outcome: 'failed',
      reachedServer: 1,
    });
    expect(await through('cut_mid_response')).toMatchObject({
      outcome: 'failed',
      reachedServer: 1,
    });
  });

  it('relays delayed and clean requests whole, and counts every fault by route', async () => {
    expect(await through('delay')).toMatchObject({ outcome: 'answered', reachedServer: 1 });
    expect(await through('pass')).toMatchObject({ outcome: 'answered', reachedServer: 1 });
    expect(proxy?.stats.get('POST /v1/push')).toEqual({
      drop: 1,
      reset: 1,
      delay: 1,
      cut_before_response: 1,
      cut_mid_response: 1,
      pass: 1,
    });
  });
});
