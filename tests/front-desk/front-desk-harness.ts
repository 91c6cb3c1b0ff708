import { randomBytes } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { mutationRegistry } from '../../src-shared/mutations/all-mutations';
import { executeMutation, type MutationOutcome } from '../../src-shared/mutations/execute-mutation';
import {
  MutationRefusal,
  type MutationActor,
  type MutationSide,
  type RefusalCode,
  type TenantRole,
} from '../../src-shared/mutations/mutation-definition';
import { queryRegistry } from '../../src-shared/queries/all-queries';
import type { Database } from '../../src-shared/schema/catalog';
import { sharedMigrations } from '../../src-shared/schema/migrations';
import { runMigrations } from '../../src-shared/schema/run-migrations';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

/** The contract suites run on the desk's database and on the server's. */
export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

/** Business time of the tests: the class is the next evening. */
export const NOW = '2026-12-01T10:00:00.000Z';
export const CLASS_START = '2026-12-02T18:00:00.000Z';
export const DESK = 'desk-front-1';

/** NOW plus some minutes: calls that must be told apart in time. */
export function minutesAfterNow(minutes: number): string {
  return new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
}

/** A fresh database with the shared schema; each test then seeds its own studio in it. */
export async function openFrontDeskDatabase(backend: Backend): Promise<TestDatabase<Database>> {
  const database = await createTestDatabase<Database>(backend);
  await runMigrations({ db: database.db, dialect: database.dialect, migrations: sharedMigrations });
  return database;
}

export type StaffKey = 'owner' | 'manager' | 'frontDesk' | 'instructor';

const STAFF_ROLES: Record<StaffKey, TenantRole> = {
  owner: 'owner',
  manager: 'manager',
  frontDesk: 'front_desk',
  instructor: 'instructor',
};

export interface RunOptions {
  readonly as?: StaffKey | MutationActor;
  readonly side?: MutationSide;
  readonly at?: string;
  readonly deviceId?: string;
  /** Re-running a desk's call at the server uses the desk's call id (R1.3). */
  readonly callId?: string;
}

export interface SeedOptions {
  /** Ids for the seed rows; deterministic when two databases must hold the same studio. */
  readonly newId?: () => string;
  readonly settings?: Record<string, unknown>;
}

/** A studio seeded in a test database, and the means to act in it. */
export interface Studio {
  readonly db: Kysely<Database>;
  readonly tenantId: string;
  readonly locationId: string;
  readonly staff: Record<StaffKey, string>;
  readonly memberId: string;
  readonly otherMemberId: string;
  /** A member with an active subscription. */
  readonly subscriberId: string;
  readonly subscriptionId: string;
  /** Grip socks: 1200, taxable, 10 in stock. Water: 300, untaxed, stock not tracked. */
  readonly products: { readonly socks: string; readonly water: string };
  /** 5 credits for 6000, valid 90 days. */
  readonly packDefinitionId: string;
  /** Capacity 2, drop-in 2000, starts CLASS_START. */
  readonly classId: string;
  readonly waiverTemplateId: string;
  run(name: string, args: unknown, options?: RunOptions): Promise<MutationOutcome>;
  /** Runs a mutation that must be refused; returns the refusal's code. */
  refused(name: string, args: unknown, options?: RunOptions): Promise<RefusalCode>;
  query<R = unknown>(name: string, args: unknown): Promise<R>;
}

/** A UUIDv7 born at `at`, as the desk gives each call (R1.2). */
export function newCallId(at = NOW): string {
  return uuidV7(Date.parse(at), (n) => randomBytes(n));
}

const randomId = (atMs = Date.parse(NOW)) => uuidV7(atMs, (n) => randomBytes(n));

/** Ids from a fixed seed: two databases seeded with it hold the same rows. */
export function seededIds(seed: number): () => string {
  let counter = seed * 1_000_000;
  return () => {
    counter++;
    const tail = counter.toString(16).padStart(15, '0');
    return `01930000-0000-7000-8${tail.slice(0, 3)}-${tail.slice(3)}`;
  };
}

/**
 * A person in a studio: a user, their membership (with a barcode) and one role. The e-mail
 * carries the member id's tail so people seeded with the same name stay apart.
 */
export async function insertPerson(
  db: Kysely<Database>,
  person: {
    readonly tenantId: string;
    readonly firstName: string;
    readonly role: TenantRole;
    readonly at: string;
    readonly newId: () => string;
    readonly phone?: string;
  },
): Promise<{ readonly memberId: string; readonly userId: string }> {
  const { tenantId, firstName, role, at } = person;
  const userId = person.newId();
  const memberId = person.newId();
  const email = `${firstName.toLowerCase()}.${memberId.slice(-8)}@example.com`;
  const profile = JSON.stringify({
    firstName,
    lastName: 'Tester',
    email,
    ...(person.phone === undefined ? {} : { phone: person.phone }),
  });
  await db
    .insertInto('users')
    .values({ id: userId, email, profile, role: 'user', is_system_admin: 0, created_at: at })
    .execute();
  await db
    .insertInto('tenant_members')
    .values({
      id: memberId,
      tenant_id: tenantId,
      user_id: userId,
      profile,
      status: 'active',
      barcode: `M${memberId.slice(-10)}`,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('tenant_roles')
    .values({ tenant_id: tenantId, member_id: memberId, role, granted_at: at })
    .execute();
  return { memberId, userId };
}

export async function seedStudio(db: Kysely<Database>, options: SeedOptions = {}): Promise<Studio> {
  const newId = options.newId ?? (() => randomId());
  const tenantId = newId();
  const at = '2026-11-01T09:00:00.000Z';
  await db
    .insertInto('tenants')
    .values({
      id: tenantId,
      slug: `studio-${tenantId}`,
      name: 'Lotus Flow Yoga',
      settings: JSON.stringify(
        options.settings ?? {
          taxRateBasisPoints: 825,
          lateCancelHours: 12,
          receiptFooter: 'Namaste!',
        },
      ),
      currency: 'USD',
      status: 'active',
      created_at: at,
    })
    .execute();
  const locationId = newId();
  await db
    .insertInto('locations')
    .values({
      id: locationId,
      tenant_id: tenantId,
      name: 'Main',
      time_zone: 'America/Chicago',
      address: null,
      created_at: at,
    })
    .execute();

  const person = (firstName: string, role: TenantRole) =>
    insertPerson(db, { tenantId, firstName, role, at, newId, phone: '555-0100' });
  const staff: Record<StaffKey, string> = {
    owner: (await person('Olive', 'owner')).memberId,
    manager: (await person('Manny', 'manager')).memberId,
    frontDesk: (await person('Frida', 'front_desk')).memberId,
    instructor: (await person('Ines', 'instructor')).memberId,
  };
  const member = await person('Maya', 'student');
  const other = await person('Omar', 'student');
  const subscriber = await person('Sami', 'student');

  const socks = newId();
  const water = newId();
  const product = (id: string, name: string, price: number, stock: number | null, taxable: 0 | 1) =>
    ({
      id,
      tenant_id: tenantId,
      name,
      sku: null,
      barcode: null,
      price,
      stock_quantity: stock,
      taxable,
      active: 1,
      created_at: at,
    }) satisfies Insertable<Database['products']>;
  await db
    .insertInto('products')
    .values([product(socks, 'Grip socks', 1200, 10, 1), product(water, 'Water', 300, null, 0)])
    .execute();
  // Stock arrives through the ledger too, so stock_quantity equals the sum of movements.
  await db
    .insertInto('stock_movements')
    .values({
      id: newId(),
      tenant_id: tenantId,
      product_id: socks,
      quantity_delta: 10,
      reason: 'restock',
      order_item_id: null,
      staff_id: staff.owner,
      created_at: at,
    })
    .execute();
  const packDefinitionId = newId();
  await db
    .insertInto('class_pack_definitions')
    .values({
      id: packDefinitionId,
      tenant_id: tenantId,
      name: '5-class pack',
      credits: 5,
      price: 6000,
      validity_days: 90,
      active: 1,
      created_at: at,
    })
    .execute();
  const classId = newId();
  await db
    .insertInto('classes')
    .values({
      id: classId,
      tenant_id: tenantId,
      series_id: null,
      location_id: locationId,
      instructor_id: staff.instructor,
      title: 'Vinyasa Flow',
      start_time: CLASS_START,
      duration_minutes: 60,
      capacity: 2,
      drop_in_price: 2000,
      status: 'scheduled',
      created_at: at,
    })
    .execute();
  const waiverTemplateId = newId();
  await db
    .insertInto('waiver_templates')
    .values({
      id: waiverTemplateId,
      tenant_id: tenantId,
      title: 'Liability waiver',
      body: 'I accept the risks.',
      required: 1,
      active: 1,
      created_at: at,
    })
    .execute();
  const couponRow = (code: string, type: 'percent' | 'amount', value: number, active: 0 | 1) => ({
    id: newId(),
    tenant_id: tenantId,
    code,
    type,
    value,
    active,
    max_redemptions: null,
    expires_at: null,
    created_at: at,
  });
  await db
    .insertInto('coupons')
    .values([
      couponRow('SAVE10', 'percent', 10, 1),
      couponRow('FIVEOFF', 'amount', 500, 1),
      couponRow('OLDIE', 'percent', 50, 0),
    ])
    .execute();
  const planId = newId();
  await db
    .insertInto('membership_plans')
    .values({
      id: planId,
      tenant_id: tenantId,
      name: 'Unlimited',
      price: 12000,
      interval: 'month',
      vod_enabled: 0,
      class_limit: null,
      active: 1,
      created_at: at,
    })
    .execute();
  const subscriptionId = newId();
  await db
    .insertInto('subscriptions')
    .values({
      id: subscriptionId,
      tenant_id: tenantId,
      user_id: subscriber.userId,
      member_id: subscriber.memberId,
      plan_id: planId,
      status: 'active',
      current_period_start: '2026-11-15T00:00:00.000Z',
      current_period_end: '2026-12-15T00:00:00.000Z',
      stripe_subscription_id: null,
      created_at: at,
    })
    .execute();

  const actorOf = (as: StaffKey | MutationActor = 'frontDesk'): MutationActor =>
    typeof as === 'string' ? { memberId: staff[as], roles: [STAFF_ROLES[as]] } : as;
  const run = async (name: string, args: unknown, options: RunOptions = {}) => {
    const at = options.at ?? NOW;
    const call = { id: options.callId ?? randomId(Date.parse(at)), name, args, at };
    return db.transaction().execute((tx) =>
      executeMutation({
        registry: mutationRegistry,
        db: tx,
        side: options.side ?? 'desk',
        tenantId,
        deviceId: options.deviceId ?? DESK,
        actor: actorOf(options.as),
        call,
      }),
    );
  };
  return {
    db,
    tenantId,
    locationId,
    staff,
    memberId: member.memberId,
    otherMemberId: other.memberId,
    subscriberId: subscriber.memberId,
    subscriptionId,
    products: { socks, water },
    packDefinitionId,
    classId,
    waiverTemplateId,
    run,
    async refused(name, args, options) {
      try {
        await run(name, args, options);
      } catch (error) {
        if (error instanceof MutationRefusal) return error.code;
        throw error;
      }
      throw new Error(`${name} was expected to be refused but ran`);
    },
    async query<R>(name: string, args: unknown): Promise<R> {
      const definition = queryRegistry.get(name);
      if (!definition) throw new Error(`no query is named ${name}`);
      return (await definition.run({ db, tenantId }, definition.args.parse(args))) as R;
    },
  };
}

/** A mutation's outcome whose result the test knows the shape of. */
export interface OutcomeOf<R> extends MutationOutcome {
  readonly result: R;
}

/** The result of a mutation, typed by the test that knows its shape. */
export function resultOf<R>(outcome: MutationOutcome | OutcomeOf<R>): R {
  return outcome.result as R;
}

/**
 * Registers hooks that open a migrated database on `backend` for the suite and seed a fresh
 * studio in it before each test; returns that test's studio.
 */
export function useSeededStudio(backend: Backend): Studio {
  let database: TestDatabase<Database> | undefined;
  let seeded: Studio | undefined;
  const current = (): Studio => {
    if (seeded === undefined) throw new Error('the studio is seeded in beforeEach');
    return seeded;
  };
  beforeAll(async () => {
    database = await openFrontDeskDatabase(backend);
  });
  afterAll(() => database?.dispose());
  beforeEach(async () => {
    if (database === undefined) throw new Error('the database is opened in beforeAll');
    seeded = await seedStudio(database.db);
  });
  return {
    get db() {
      return current().db;
    },
    get tenantId() {
      return current().tenantId;
    },
    get locationId() {
      return current().locationId;
    },
    get staff() {
      return current().staff;
    },
    get memberId() {
      return current().memberId;
    },
    get otherMemberId() {
      return current().otherMemberId;
    },
    get subscriberId() {
      return current().subscriberId;
    },
    get subscriptionId() {
      return current().subscriptionId;
    },
    get products() {
      return current().products;
    },
    get packDefinitionId() {
      return current().packDefinitionId;
    },
    get classId() {
      return current().classId;
    },
    get waiverTemplateId() {
      return current().waiverTemplateId;
    },
    run: (name, args, options) => current().run(name, args, options),
    refused: (name, args, options) => current().refused(name, args, options),
    query: <R = unknown>(name: string, args: unknown) => current().query<R>(name, args),
  };
}

/**
 * Moves the seeded class to start 30 minutes after NOW: inside the studio's check-in window
 * (issue 17 item 4), for suites whose members check in at NOW.
 */
export async function startClassSoon(studio: Pick<Studio, 'db' | 'classId'>): Promise<void> {
  await studio.db
    .updateTable('classes')
    .set({ start_time: minutesAfterNow(30) })
    .where('id', '=', studio.classId)
    .execute();
}
