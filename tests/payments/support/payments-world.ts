import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src-shared/schema/catalog';
import { inTenantTransaction } from '../../../sync-server/db/tenant-transaction';
import type { PaymentsOptions } from '../../../sync-server/payments/payments-config';
import type { PaymentTables } from '../../../sync-server/payments/payment-tables';
import {
  call,
  createStudio,
  enrollDesk,
  openMigratedDatabase,
  startServer,
  TestClock,
  TestOutbox,
  type TestDatabaseHandle,
  type TestDesk,
  type TestResponse,
  type TestStudio,
} from '../../server/support/server-harness';
import { capturedLogger } from './captured-log';
import { StripeFake } from './stripe-fake';

export const SECRET_KEY = 'sk_test_StudioDeskFakePlatformKey';
export const WEBHOOK_SECRET = 'whsec_StudioDeskFakeSigningSecret';

/** A studio with a desk enrolled and, unless `account` is null, a connected Stripe account. */
export interface PaymentsStudio {
  readonly studio: TestStudio;
  readonly desk: TestDesk;
  readonly outbox: TestOutbox;
  readonly account: string | null;
  /** An authenticated request as this desk. */
  request(method: 'GET' | 'POST', url: string, body?: unknown): Promise<TestResponse>;
}

export interface PaymentsWorld {
  readonly database: TestDatabaseHandle;
  readonly clock: TestClock;
  readonly stripe: StripeFake;
  readonly app: FastifyInstance;
  readonly url: string;
  readonly webhookUrl: string;
  readonly payments: PaymentsOptions;
  /** Every line the server logged. */
  readonly logs: string[];
  newStudio(account: string | null): Promise<PaymentsStudio>;
  /** The database with the card-payment tables typed (the test's login reads every tenant). */
  tables(): Kysely<Database & PaymentTables>;
  dispose(): Promise<void>;
}

let accounts = 0;
/** A fresh connected-account id: letters only, as Stripe's are. */
export function newAccountId(): string {
  accounts++;
  return `acct_Studio${String.fromCharCode(65 + (accounts % 26))}${Date.now().toString(36)}`;
}

/** Postgres, a Stripe fake, and a listening sync server whose Stripe SDK points at the fake. */
export async function createPaymentsWorld(
  settings: { readonly maxNetworkRetries?: number } = {},
): Promise<PaymentsWorld> {
  const database = await openMigratedDatabase('postgres');
  const clock = new TestClock();
  const stripe = await StripeFake.start({
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    now: () => clock.now(),
  });
  const logs: string[] = [];
  const payments: PaymentsOptions = {
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    api: stripe.api,
    maxNetworkRetries: settings.maxNetworkRetries ?? 1,
  };
  const app = await startServer(database, clock, { payments, logger: capturedLogger(logs) });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    database,
    clock,
    stripe,
    app,
    url,
    webhookUrl: `${url}/stripe/webhook`,
    payments,
    logs,
    tables: () => database.db.withTables<PaymentTables>(),
    async newStudio(account) {
      const studio = await createStudio(database.db, clock);
      if (account !== null) {
        await inTenantTransaction(database.db, studio.tenantId, (trx) =>
          trx
            .updateTable('tenants')
            .set({ stripe_account_id: account })
            .where('id', '=', studio.tenantId)
            .execute(),
        );
      }
      const desk = await enrollDesk(app, database.db, clock, studio.tenantId);
      return {
        studio,
        desk,
        account,
        outbox: new TestOutbox(studio.ownerId, clock),
        request: (method, path, body) =>
          call(app, method, path, { token: desk.token, ...(body === undefined ? {} : { body }) }),
      };
    },
    async dispose() {
      await app.close();
      await stripe.close();
      await database.dispose();
    },
  };
}
