import {
  createDecipheriv,
  createECDH,
  hkdfSync,
  randomBytes,
  verify,
  type ECDH,
} from 'node:crypto';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

/** A message the fake accepted: the device it was for and the plaintext it decrypted. */
export interface DeliveredPush {
  readonly device: string;
  readonly ttl: number;
  readonly payload: unknown;
  readonly vapidSubject: string;
}

interface Device {
  readonly ecdh: ECDH;
  readonly auth: Buffer;
  gone: boolean;
}

/** A browser's subscription to this fake, as `PushSubscription.toJSON()` gives it. */
export interface FakeSubscription {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

const b64u = (b: Buffer) => b.toString('base64url');

/**
 * A Web Push service on loopback over HTTPS (its own certificate, trusted through `agent`).
 * It speaks the real protocol: every request must carry a VAPID JWT (RFC 8292) signed by the
 * key it names, for this service's origin and not expired, else 401/403; the body must be
 * aes128gcm (RFC 8188) encrypted to the device's keys (RFC 8291), which the fake decrypts
 * with the device's private key. A device marked gone answers 410.
 */
export class PushServiceFake {
  readonly delivered: DeliveredPush[] = [];
  readonly refused: string[] = [];
  private readonly devices = new Map<string, Device>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
    readonly agent: Agent,
  ) {}

  static async start(): Promise<PushServiceFake> {
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const receiver: { fake?: PushServiceFake } = {};
    const server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const answer =
          receiver.fake?.receive(request.url ?? '', request.headers, Buffer.concat(chunks)) ?? 500;
        response.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ ca: pems.cert });
    const fake = new PushServiceFake(server, `https://127.0.0.1:${port}`, agent);
    receiver.fake = fake;
    return fake;
  }

  /** A new device's subscription, as its browser would send it to the studio. */
  newDevice(): FakeSubscription {
    const id = b64u(randomBytes(12));
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.devices.set(id, { ecdh, auth, gone: false });
    return {
      endpoint: `${this.origin}/push/${id}`,
      keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) },
    };
  }

  /** The member turned notifications off on this device: its endpoint now answers 410. */
  unsubscribe(subscription: FakeSubscription): void {
    const device = this.devices.get(subscription.endpoint.split('/').pop() ?? '');
    if (device) device.gone = true;
  }

  to(subscription: FakeSubscription): DeliveredPush[] {
    const id = subscription.endpoint.split('/').pop();
    return this.delivered.filter((d) => d.device === id);
  }

  private receive(
    url: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
  ): number {
    const id = /^\/push\/([A-Za-z0-9_-]+)$/.exec(url)?.[1];
    const device = id === undefined ? undefined : this.devices.get(id);
    if (id === undefined || device === undefined) return 404;
    const vapid = this.checkVapid(String(headers['authorization'] ?? ''));
    if (typeof vapid === 'number') return vapid;
    if (device.gone) return 410;
    if (headers['content-encoding'] !== 'aes128gcm') {
      this.refused.push('content-encoding is not aes128gcm');
      return 400;
    }
    const ttl = Number(headers['ttl']);
    if (!Number.isInteger(ttl) || ttl < 0) {
      this.refused.push('no TTL');
      return 400;
    }
    try {
      const plaintext = decrypt(body, device);
      this.delivered.push({
        device: id,
        ttl,
        payload: JSON.parse(plaintext.toString('utf8')),
        vapidSubject: vapid,
      });
      return 201;
    } catch (error) {
      this.refused.push(`cannot decrypt: ${(error as Error).message}`);
      return 400;
    }
  }

  /** The JWT's `sub` when the VAPID header is sound; otherwise the status to answer. */
  private checkVapid(authorization: string): string | number {
    const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
    if (!match?.[1] || !match[2]) return this.refuse('no VAPID authorization', 401);
    const [head, claims, signature] = match[1].split('.');
    if (!head || !claims || !signature) return this.refuse('malformed JWT', 401);
    const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
    if (header.alg !== 'ES256') return this.refuse('JWT is not ES256', 401);
    const key = Buffer.from(match[2], 'base64url');
    if (key.length !== 65 || key[0] !== 4) return this.refuse('k is not a P-256 point', 401);
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      x: b64u(key.subarray(1, 33)),
      y: b64u(key.subarray(33)),
    };
    const signed = verify(
      'sha256',
      Buffer.from(`${head}.${claims}`),
      { key: jwk, format: 'jwk', dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    if (!signed) return this.refuse('JWT signature does not verify with k', 403);
    const body = JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
      aud?: string;
      exp?: number;
      sub?: string;
    };
    if (body.aud !== this.origin)
      return this.refuse(`aud ${String(body.aud)} is not ${this.origin}`, 403);
    // The real clock: web-push signs with the process's clock, not a test's.
    const now = Math.floor(Date.now() / 1000);
    if (body.exp === undefined || body.exp < now || body.exp > now + 24 * 3600 + 60) {
      return this.refuse(`exp ${String(body.exp)} is not within a day from now`, 403);
    }
    if (body.sub === undefined || !/^(mailto:|https:)/.test(body.sub))
      return this.refuse('no sub', 403);
    return body.sub;
  }

  private refuse(reason: string, status: number): number {
    this.refused.push(reason);
    return status;
  }

  close(): Promise<void> {
    this.agent.destroy();
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}

/** RFC 8291 (Web Push message encryption) and RFC 8188 (aes128gcm), one record. */
function decrypt(body: Buffer, device: Device): Buffer {
  const salt = body.subarray(0, 16);
  const idLength = body[20] ?? 0;
  const senderKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = device.ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([
    Buffer.from('WebPush: info\0'),
    device.ecdh.getPublicKey(),
    senderKey,
  ]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, device.auth, keyInfo, 32));
  const cek = Buffer.from(
    hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16),
  );
  const nonce = Buffer.from(
    hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12),
  );
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 0x02 and any zero padding.
  let end = padded.length;
  while (end > 0 && padded[end - 1] === 0) end--;
  if (padded[end - 1] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end - 1);
}
