import fc from 'fast-check';
import { deskMethodArgs, type DeskMethod } from '../../src-shared/bridge/desk-methods';

/**
 * Generated calls to the desk's loopback bridge (`POST /bridge/invoke`) that must all be
 * refused (issue 7, hostile input): for every method of `deskMethodArgs`, arguments with a
 * field of the wrong type (a number written as "5" too), a field missing, or a field too
 * many; plus envelopes that are not `{ method, args }`, unknown methods, and requests with a
 * missing or wrong secret, a foreign Origin or Host, or the wrong content type.
 */
export interface BridgeCall {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly why: string;
}

const ID = '01900000-0000-7000-8000-000000000001';

/** One valid argument object per method that takes arguments; the generators break them. */
export const validArgs: Partial<Record<DeskMethod, Record<string, unknown>>> = {
  'setup.connect': { serverUrl: 'http://127.0.0.1:9', code: 'ABCDEFGHJK', deviceName: 'Desk' },
  'staff.signIn': { memberId: ID, pin: '1234' },
  'staff.clearLockout': { memberId: ID, managerId: ID, managerPin: '1234' },
  'desk.query': { name: 'member.find', args: { text: 'a' } },
  'desk.mutate': {
    name: 'giftCard.sell',
    args: { amount: 100, tenders: [{ method: 'external', amount: 100, reference: 'x' }] },
  },
  'sync.dismissProblem': { seq: 1 },
  'printer.saveSettings': {
    settings: {
      connection: { type: 'none' },
      driver: 'epson',
      paperWidth: 42,
      openDrawerOnCash: false,
    },
  },
  'printer.print': { receipt: { kind: 'order', orderId: ID } },
  'drawer.noSale': { reason: 'change for a customer' },
  'payments.createIntent': { amount: 100, checkoutId: ID },
  'payments.capture': { paymentIntentId: 'pi_123' },
  'payments.cancel': { paymentIntentId: 'pi_123' },
  'sale.saveOpenCart': { sale: { lines: [{ kind: 'gift_card', name: 'Gift card', amount: 100 }] } },
  'sale.park': {
    label: 'Dana',
    sale: { lines: [{ kind: 'gift_card', name: 'Gift card', amount: 100 }] },
  },
  'sale.recall': { parkedSaleId: ID },
};

const methods = Object.keys(deskMethodArgs) as DeskMethod[];

const typeOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/** A value of another JSON type than `value`; numbers also come back as digit strings. */
function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  const pool = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 8 }),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
  );
  const other = pool.filter((candidate) => typeOf(candidate) !== typeOf(value));
  return typeof value === 'number' ? fc.oneof(other, fc.constant(String(value))) : other;
}

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'memberId', 'tenantId', 'roles', 'actorId', 'sql'),
  fc.string({ minLength: 1, maxLength: 10 }),
);
const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Arguments the method's strict schema must refuse. */
function badArgs(method: DeskMethod): fc.Arbitrary<unknown> {
  const valid = validArgs[method];
  if (!valid) {
    // Methods that take nothing: a single field is one too many, and a non-object is wrong.
    return fc.oneof(
      fc.tuple(extraKey, anyJson).map(([key, value]) => ({ [key]: value })),
      fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.array(fc.integer())),
    );
  }
  // `args` of desk.query/desk.mutate is the named query's or mutation's own business.
  const fields = Object.keys(valid).filter((k) => k !== 'args');
  return fc.oneof(
    fc
      .constantFrom(...fields)
      .chain((field) => wrongTypeFor(valid[field]).map((value) => ({ ...valid, [field]: value }))),
    fc
      .constantFrom(...fields)
      .map((field) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== field))),
    fc
      .tuple(
        extraKey.filter((k) => !(k in valid)),
        anyJson,
      )
      .map(([key, value]) => ({ ...valid, [key]: value })),
  );
}

/** A mutation or query the registry refuses: unknown name, or its own arguments broken. */
const badNamedCall: fc.Arbitrary<{ method: DeskMethod; args: unknown }> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom<DeskMethod>('desk.mutate', 'desk.query'),
      fc.stringMatching(/^[a-z]{2,8}\.[a-z]{2,8}$/),
    )
    .map(([method, name]) => ({ method, args: { name, args: {} } })),
  fc
    .tuple(
      fc.constantFrom('giftCard.sell', 'pos.sale', 'pack.sell', 'drawer.close', 'booking.book'),
      anyJson.filter(
        (v) => typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length < 2,
      ),
    )
    .map(([name, args]) => ({ method: 'desk.mutate' as const, args: { name, args } })),
  fc
    .tuple(fc.constantFrom('giftCard.sell'), fc.constantFrom('5', 100.5, -3, 0, 1e12))
    .map(([name, amount]) => ({
      method: 'desk.mutate' as const,
      args: { name, args: { amount, tenders: [{ method: 'external', amount, reference: 'x' }] } },
    })),
);

export function hostileBridgeCall(context: {
  secret: string;
  origin: string;
}): fc.Arbitrary<BridgeCall> {
  const good = { 'content-type': 'application/json', 'x-desk-secret': context.secret };
  const envelope = (method: unknown, args: unknown) => JSON.stringify({ method, args });
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(...methods).chain((method) =>
        badArgs(method).map((args) => ({
          method: 'POST',
          headers: good,
          body: envelope(method, args),
          why: `${method} args`,
        })),
      ),
    },
    {
      weight: 2,
      arbitrary: badNamedCall.map(({ method, args }) => ({
        method: 'POST',
        headers: good,
        body: envelope(method, args),
        why: 'named call',
      })),
    },
    fc
      .oneof(
        fc.constantFrom(
          '__proto__',
          'constructor',
          'toString',
          'hasOwnProperty',
          '',
          'app.info ',
          'APP.INFO',
          'desk.mutate.x',
        ),
        fc.string({ maxLength: 20 }).filter((s) => !(s in deskMethodArgs)),
        anyJson.filter((v) => typeof v !== 'string'),
      )
      .map((method) => ({
        method: 'POST',
        headers: good,
        body: envelope(method, {}),
        why: 'unknown method',
      })),
    fc
      .oneof(
        fc
          .tuple(extraKey, anyJson)
          .map(([key, value]) => JSON.stringify({ method: 'app.info', args: {}, [key]: value })),
        anyJson.map((v) => JSON.stringify(v)).filter((s) => !s.startsWith('{"method"')),
        fc.constantFrom(
          '{"method":"app.info"',
          '',
          'null',
          '[]',
          '{"method":"app.info","args":{}}x',
          "{'method':'app.info'}",
        ),
      )
      .map((body) => ({ method: 'POST', headers: good, body, why: 'envelope' })),
    fc
      .tuple(
        fc.oneof(
          fc.constant({ 'content-type': 'application/json' }),
          fc.string({ minLength: 1, maxLength: 60 }).map((s) => ({
            'content-type': 'application/json',
            'x-desk-secret': s.replace(/[^ -~]/g, 'a').trim() || 'a',
          })),
          fc.constant({
            'content-type': 'application/json',
            'x-desk-secret': context.secret.slice(1),
          }),
          // (Surrounding spaces are not a wrong secret: HTTP strips them from header values.)
          fc.constant({
            'content-type': 'application/json',
            'x-desk-secret': `${context.secret}x`,
          }),
          fc
            .constantFrom(
              'https://evil.example',
              'http://127.0.0.1',
              'null',
              'http://localhost:1',
              `${context.origin}.evil.example`,
            )
            .map((origin) => ({ ...good, origin })),
          fc
            .constantFrom('evil.example', 'localhost', '127.0.0.1', 'attacker.test:80')
            .map((host) => ({ ...good, host })),
          fc
            .constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data',
              'text/json',
            )
            .map((type) => ({ ...good, 'content-type': type })),
        ),
        fc.constantFrom('app.info', 'sync.now', 'staff.signOut', 'setup.openDemo', 'sync.repair'),
      )
      .map(([headers, method]) => ({
        method: 'POST',
        headers,
        body: envelope(method, {}),
        why: 'guard',
      })),
    fc
      .constantFrom('GET', 'PUT', 'DELETE', 'PATCH')
      .map((verb) => ({ method: verb, headers: good, body: '', why: 'verb' })),
  );
}
