import fc from 'fast-check';
import {
  badEnrollBody,
  badPushBody,
  badRotateBody,
  envelope,
  printable,
  unknownKey,
  UUID,
} from './hostile-bodies';

/**
 * Generated requests to the sync server that must all be refused (issue 7, hostile input).
 * Every request carries at least one defect: no or a bad token, a malformed body or query, a
 * wrong content type, an unknown route. Valid tokens appear only with a defective body or
 * query, so a refusal proves validation, not merely authentication.
 */
export interface HostileRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload?: string;
  readonly why: string;
}

export interface HostileContext {
  /** A token of an active device of tenant A, whose data the checks watch. */
  readonly tokenA: string;
  /** A token of an active device of another tenant, B. */
  readonly tokenB: string;
  readonly tenantB: string;
  readonly ownerA: string;
  readonly nextSeqA: number;
}

/** A query parameter value that is not a plain whole number in digits. */
const badNumber = fc.oneof(
  fc.constantFrom(
    '',
    ' 7',
    '7 ',
    '1e3',
    '0x10',
    '-1',
    '+5',
    '1.5',
    '007',
    'NaN',
    'Infinity',
    '99999999999999999',
    '٣',
  ),
  printable.filter((s) => !/^(0|[1-9][0-9]{0,14})$/.test(s)),
);
const tableName = fc.oneof(
  fc.constantFrom(
    'devices',
    'mutation_log',
    'tenant_secrets',
    'enrollment_codes',
    'sync_changes',
    'platform_config',
    'pg_catalog.pg_authid',
    'tenants; drop table tenants',
    'x'.repeat(101),
    '',
  ),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/^[a-z_]+$/.test(s)),
);

type Param = readonly [string, string];
const param = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<Param> =>
  value.map((v) => [name, v] as const);

function query(defect: fc.Arbitrary<Param>, others: fc.Arbitrary<Param>): fc.Arbitrary<string> {
  return fc
    .tuple(defect, fc.array(others, { maxLength: 3 }))
    .chain(([bad, rest]) => fc.shuffledSubarray([bad, ...rest], { minLength: rest.length + 1 }))
    .map((params) => {
      const search = new URLSearchParams();
      for (const [k, v] of params) search.append(k, v);
      return search.toString();
    });
}

const pullQuery = query(
  fc.oneof(
    param('after', badNumber),
    param('limit', fc.oneof(badNumber, fc.constantFrom('0', '10001', '99999'))),
    param('table', tableName),
    fc.tuple(
      unknownKey.filter((k) => !['after', 'limit', 'table'].includes(k)),
      printable,
    ),
  ),
  fc.oneof(param('after', fc.constantFrom('0', '1')), param('limit', fc.constantFrom('1', '5'))),
);

const snapshotQuery = query(
  fc.oneof(
    param('table', tableName),
    param(
      'after',
      fc.oneof(
        fc.constant(''),
        printable.filter((s) => !UUID.test(s)),
        fc.string({ minLength: 401, maxLength: 420 }),
      ),
    ),
    param('limit', fc.oneof(badNumber, fc.constantFrom('0', '10001'))),
    fc.tuple(
      unknownKey.filter((k) => !['after', 'limit', 'table'].includes(k)),
      printable,
    ),
  ),
  fc.oneof(param('table', fc.constant('gift_cards')), param('limit', fc.constant('5'))),
);

const extraQuery = fc
  .tuple(unknownKey, printable)
  .map(([k, v]) => new URLSearchParams([[k, v]]).toString());

type Token = { readonly header: string | undefined; readonly valid: boolean };

function tokens(context: HostileContext): fc.Arbitrary<Token> {
  const invalid = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom('Bearer', 'Bearer ', 'bearer x', 'Basic YWRtaW46YWRtaW4=', 'Token abc'),
    fc.stringMatching(/^[A-Za-z0-9_\-.~+/]{16,60}$/).map((t) => `Bearer ${t}`),
    fc.string({ minLength: 201, maxLength: 260 }).map((t) => `Bearer ${t.replace(/[^ -~]/g, 'a')}`),
    fc.constant(`Bearer ${context.tokenA} extra`),
    fc.constant(`Bearer ${context.tokenA}`.toLowerCase()),
  );
  return fc.oneof(
    invalid.map((header) => ({ header, valid: false })),
    fc
      .constantFrom(context.tokenA, context.tokenB)
      .map((t) => ({ header: `Bearer ${t}`, valid: true })),
  );
}

const JSON_TYPE = { 'content-type': 'application/json' };

function withAuth(token: Token, headers: Record<string, string> = {}): Record<string, string> {
  return token.header === undefined ? headers : { ...headers, authorization: token.header };
}

/** Every endpoint, every kind of defect. */
export function hostileRequest(context: HostileContext): fc.Arbitrary<HostileRequest> {
  const token = tokens(context);
  const badToken = token.filter((t) => !t.valid);
  const json = (value: unknown): string => JSON.stringify(value);
  const rawJson = fc.oneof(
    fc.string().filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
    fc.constantFrom(
      '{"mutations":[',
      '{"a":1}garbage',
      '\ufeff{"a":1}',
      "{'single':1}",
      '{"a":1,}',
    ),
  );
  return fc.oneof(
    fc.tuple(token, badPushBody(context)).map(([t, body]) => ({
      method: 'POST' as const,
      url: '/v1/push',
      headers: withAuth(t, JSON_TYPE),
      payload: json(body),
      why: 'push body',
    })),
    fc
      .tuple(token, fc.constantFrom('/v1/push', '/v1/enroll', '/v1/device/rotate'), rawJson)
      .map(([t, url, payload]) => ({
        method: 'POST' as const,
        url,
        headers: withAuth(t, JSON_TYPE),
        payload,
        why: 'raw JSON',
      })),
    fc
      .tuple(
        token,
        fc.constantFrom('/v1/push', '/v1/enroll', '/v1/device/rotate'),
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
        ),
      )
      .map(([t, url, type]) => ({
        method: 'POST' as const,
        url,
        headers: withAuth(t, { 'content-type': type }),
        payload: '{"mutations":[]}',
        why: 'content type',
      })),
    fc.tuple(fc.constant(null), badEnrollBody).map(([, body]) => ({
      method: 'POST' as const,
      url: '/v1/enroll',
      headers: JSON_TYPE,
      payload: json(body),
      why: 'enrol body',
    })),
    fc.tuple(token, badRotateBody).map(([t, body]) => ({
      method: 'POST' as const,
      url: '/v1/device/rotate',
      headers: withAuth(t, JSON_TYPE),
      payload: json(body),
      why: 'rotate body',
    })),
    fc
      .tuple(
        token,
        fc.constantFrom(
          'after=0&after=0',
          'after=0&limit=5&limit=5',
          'after[]=0',
          'after=0&table=gift_cards&table=bookings',
        ),
      )
      .map(([t, q]) => ({
        method: 'GET' as const,
        url: `/v1/pull?${q}`,
        headers: withAuth(t),
        why: 'repeated parameter',
      })),
    fc.tuple(token, pullQuery).map(([t, q]) => ({
      method: 'GET' as const,
      url: `/v1/pull?${q}`,
      headers: withAuth(t),
      why: 'pull query',
    })),
    fc.tuple(token, snapshotQuery).map(([t, q]) => ({
      method: 'GET' as const,
      url: `/v1/snapshot?${q}`,
      headers: withAuth(t),
      why: 'snapshot query',
    })),
    fc
      .tuple(token, fc.constantFrom('/v1/checksums', '/v1/events'), extraQuery)
      .map(([t, path, q]) => ({
        method: 'GET' as const,
        url: `${path}?${q}`,
        headers: withAuth(t),
        why: 'query on a route that takes none',
      })),
    fc
      .tuple(
        badToken,
        fc.constantFrom(
          '/v1/pull?after=0',
          '/v1/checksums',
          '/v1/snapshot?table=gift_cards',
          '/v1/events',
        ),
      )
      .map(([t, url]) => ({ method: 'GET' as const, url, headers: withAuth(t), why: 'bad token' })),
    fc.tuple(badToken, fc.constantFrom('/v1/push', '/v1/device/rotate')).map(([t, url]) => ({
      method: 'POST' as const,
      url,
      headers: withAuth(t, JSON_TYPE),
      payload:
        url === '/v1/push'
          ? json({ mutations: [envelope(context, '01900000-0000-7000-8000-000000000001')] })
          : '{}',
      why: 'bad token, good body',
    })),
    fc
      .tuple(
        token,
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.constantFrom(
          '/v1/push/',
          '/V1/PUSH',
          '/v2/push',
          '/v1/admin',
          '/v1/tenants',
          '/admin',
          '/v1/enroll/x',
          '/v1/device',
          '/v1/pull/0',
          '/bridge/invoke',
          '/%2e%2e/etc/passwd',
          '/v1//push',
        ),
      )
      .map(([t, method, url]) => ({
        method,
        url,
        headers: withAuth(t, method === 'GET' ? {} : JSON_TYPE),
        ...(method === 'GET' ? {} : { payload: '{}' }),
        why: 'unknown route',
      })),
    fc
      .tuple(
        token,
        fc.constantFrom(
          ['PUT', '/v1/push'],
          ['DELETE', '/v1/pull'],
          ['GET', '/v1/push'],
          ['GET', '/v1/enroll'],
          ['PATCH', '/v1/device/rotate'],
          ['POST', '/v1/pull'],
          ['POST', '/v1/checksums'],
          ['DELETE', '/v1/events'],
        ),
      )
      .map(([t, [method, url]]) => ({
        method,
        url,
        headers: withAuth(t, method === 'GET' ? {} : JSON_TYPE),
        ...(method === 'GET' ? {} : { payload: '{}' }),
        why: 'wrong method',
      })),
    paymentRequest(token, badToken),
  );
}

/** A PaymentIntent id the routes must refuse before asking Stripe anything. */
const badIntentId = fc.oneof(
  fc.constantFrom(
    'pi_',
    'pi_a-b',
    'PI_123',
    'ch_123',
    '..%2f..',
    'pi_123%00',
    `pi_${'a'.repeat(201)}`,
  ),
  fc
    .string({ minLength: 1, maxLength: 20 })
    .map(encodeURIComponent)
    .filter((s) => !/^pi_\w{1,200}$/.test(s)),
);

const badIntentBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    amount: fc.oneof(fc.constantFrom('5', 0, -5, 1.5, 10_000_001, null), fc.string()),
    checkoutId: fc.uuid(),
  }),
  fc.record({
    amount: fc.constant(500),
    checkoutId: fc.oneof(fc.constant('not-a-uuid'), fc.integer()),
  }),
  fc.record({ amount: fc.constant(500), checkoutId: fc.uuid(), tenantId: fc.uuid() }),
  fc.record({ amount: fc.constant(500) }),
  fc.constantFrom([], 'pay', 7, null),
);

/** Card payment routes (issue 6), refused on their input before Stripe is involved. */
function paymentRequest(
  token: fc.Arbitrary<Token>,
  badToken: fc.Arbitrary<Token>,
): fc.Arbitrary<HostileRequest> {
  const post = (t: Token, url: string, body: unknown, why: string): HostileRequest => ({
    method: 'POST',
    url,
    headers: withAuth(t, JSON_TYPE),
    payload: JSON.stringify(body),
    why,
  });
  return fc.oneof(
    fc
      .tuple(token, badIntentBody)
      .map(([t, body]) => post(t, '/v1/payments/intents', body, 'intent body')),
    fc
      .tuple(token, badIntentId, fc.constantFrom('capture', 'cancel'))
      .map(([t, id, verb]) => post(t, `/v1/payments/intents/${id}/${verb}`, {}, 'intent id')),
    fc
      .tuple(token, fc.constantFrom('capture', 'cancel'), badRotateBody)
      .map(([t, verb, body]) =>
        post(t, `/v1/payments/intents/pi_123/${verb}`, body, 'capture body'),
      ),
    fc
      .tuple(token, badRotateBody)
      .map(([t, body]) => post(t, '/v1/payments/connection-token', body, 'token body')),
    fc
      .tuple(
        badToken,
        fc.constantFrom('/v1/payments/connection-token', '/v1/payments/intents/pi_123/capture'),
      )
      .map(([t, url]) => post(t, url, {}, 'payments, bad token')),
    badToken.map((t) => ({
      method: 'GET' as const,
      url: '/v1/payments/status',
      headers: withAuth(t),
      why: 'payments status, bad token',
    })),
  );
}
