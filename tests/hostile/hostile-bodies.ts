import fc from 'fast-check';
import type { HostileContext } from './hostile-requests';

/** Request bodies for the hostile sync-server tests, each with at least one defect. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const printable = fc.string({
  unit: fc.constantFrom(...'azAZ09-_.~+/=!$ %é\u0000\u202e'.split('')),
});

/** Values of every JSON kind, small. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  printable,
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(printable, fc.integer(), { maxKeys: 3 }),
);

const notUuid = fc.oneof(
  printable.filter((s) => !UUID.test(s)),
  fc.uuid().map((id) => `${id} `),
  fc.uuid().map((id) => id.replaceAll('-', '')),
  anyValue.filter((v) => typeof v !== 'string'),
);

/** Per field of a mutation envelope, values the strict schema must refuse (not coerce). */
const badEnvelopeField: Record<string, fc.Arbitrary<unknown>> = {
  seq: fc.oneof(
    fc.constantFrom(0, -1, 1.5, 2 ** 60, '1', '7', null, true, [1]),
    fc.integer({ max: 0 }),
    fc.double({ min: 0.01, max: 1000, noNaN: true }).filter((n) => !Number.isInteger(n)),
    fc.nat().map(String),
  ),
  id: notUuid,
  name: fc.oneof(
    fc.constantFrom('', 'x'.repeat(101), null, 7, ['pos.sale']),
    fc.string({ minLength: 101, maxLength: 200 }),
  ),
  actorId: notUuid,
  at: fc.oneof(
    fc.constantFrom(
      '2026-11-27T09:00:00Z',
      '2026-11-27T09:00:00.000+00:00',
      '2026-11-27 09:00:00.000Z',
      '',
      Date.UTC(2026, 10, 27),
      null,
    ),
    printable.filter((s) => !ISO.test(s)),
  ),
};

export function envelope(context: HostileContext, id: string) {
  return {
    seq: context.nextSeqA,
    id,
    name: 'giftCard.sell',
    args: { amount: 1000, tenders: [{ method: 'external', amount: 1000, reference: 'x' }] },
    actorId: context.ownerA,
    at: '2026-11-27T09:00:00.000Z',
  };
}

export const unknownKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'roles', 'tenantId', 'deviceId', 'ok'),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** A push body with one defect: a field wrong, missing or unknown, or the batch malformed. */
export function badPushBody(context: HostileContext): fc.Arbitrary<unknown> {
  const base = fc.uuid({ version: 7 }).map((id) => envelope(context, id));
  const fields = Object.keys(badEnvelopeField);
  return fc.oneof(
    fc.tuple(base, fc.constantFrom(...fields)).chain(([env, field]) =>
      (badEnvelopeField[field] ?? fc.constant(null)).map((value) => ({
        mutations: [{ ...env, [field]: value }],
      })),
    ),
    fc.tuple(base, fc.constantFrom(...fields)).map(([env, field]) => ({
      mutations: [Object.fromEntries(Object.entries(env).filter(([k]) => k !== field))],
    })),
    fc
      .tuple(
        base,
        unknownKey.filter((k) => !(k in envelope(context, ''))),
        anyValue,
      )
      .map(([env, key, value]) => ({ mutations: [{ ...env, [key]: value }] })),
    fc
      .tuple(
        base,
        unknownKey.filter((k) => k !== 'mutations'),
        anyValue,
      )
      .map(([env, key, value]) => ({ mutations: [env], [key]: value })),
    fc.constantFrom({}, { mutations: [] }, { mutations: null }, { mutations: {} }, [], 'push', 7),
    base.map((env) => ({
      mutations: Array.from({ length: 501 }, (_, i) => ({ ...env, seq: env.seq + i })),
    })),
    // Out of order inside one batch: refused whole, never applied in part.
    base.map((env) => ({ mutations: [env, { ...env, seq: env.seq + 2 }] })),
    anyValue.map((value) => ({ mutations: [value] })),
  );
}

/** An enrolment body that is malformed (or well formed with a code nobody issued). */
export const badEnrollBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    code: fc.string({ minLength: 6, maxLength: 64 }),
    deviceName: fc.string({ minLength: 1, maxLength: 100 }),
  }),
  fc.record({
    code: fc.oneof(
      fc.string({ maxLength: 5 }),
      fc.string({ minLength: 65, maxLength: 80 }),
      anyValue,
    ),
    deviceName: fc.constant('Desk'),
  }),
  fc.record({
    code: fc.constant('ABCDEFGHJK'),
    deviceName: fc.oneof(fc.constant(''), fc.string({ minLength: 101, maxLength: 120 }), anyValue),
  }),
  fc.record({
    code: fc.constant('ABCDEFGHJK'),
    deviceName: fc.constant('Desk'),
    tenantId: fc.uuid(),
  }),
  anyValue,
);

export const badRotateBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(unknownKey, anyValue, { minKeys: 1, maxKeys: 3 }),
  anyValue.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
);
