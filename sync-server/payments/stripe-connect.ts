import type Stripe from 'stripe';
import type {
  ConnectLinkResponse,
  ConnectStatusResponse,
  ReaderRequest,
  ReaderResponse,
} from '../../src-shared/protocol/console-messages';
import type { IsoTimestamp } from '../../src-shared/schema/column-spec';
import { isoAt } from '../../src-shared/time/clock';
import type { ServerSchema } from '../db/server-tables';
import { withTenantTables, type TenantTransaction } from '../db/tenant-transaction';
import { ServiceError } from '../support/service-error';
import { PAYMENT_OWNERS, requireActorRole } from '../sync/console-actor';
import type { AuthenticatedDevice } from '../sync/device-auth';
import { tenantStripe, type PaymentsContext } from './payments-context';
import { OTHER_TENDERS, refusalFromStripe } from './stripe-refusals';

/**
 * Connecting a studio's Stripe account and registering its card readers (issue 16), for the
 * studio's owner at an enrolled desk. The account id stays on the server
 * (tenants.stripe_account_id, never synced, R4.6). Stripe is called outside any transaction:
 * the owner's role is checked in one before, and what Stripe made is written in one after.
 */

/** Kysely's view of stripe_terminal_locations (migration 20261203200300_terminal_locations). */
export interface StripeTerminalLocationsTable {
  tenant_id: string;
  /** The studio's `locations` row. */
  location_id: string;
  stripe_account_id: string;
  /** Stripe's Terminal location (`tml_…`) on that account. */
  terminal_location_id: string;
  created_at: IsoTimestamp;
}

type ConnectTables = { stripe_terminal_locations: StripeTerminalLocationsTable };

export interface ConnectRequest {
  readonly actorId: string;
  readonly returnUrl: string;
  readonly refreshUrl: string;
}

function configuredStripe(context: PaymentsContext): Stripe {
  if (context.stripe === undefined) {
    throw new ServiceError(
      503,
      'payments_not_configured',
      `Card payments are not set up on this server. ${OTHER_TENDERS}`,
    );
  }
  return context.stripe;
}

/** The owner check and the tenant's row, in one tenant transaction. */
async function ownersTenant(
  context: PaymentsContext,
  device: AuthenticatedDevice,
  actorId: string,
  doing: string,
) {
  return context.tenants.inTenant(device.tenantId, async (trx, shared) => {
    await requireActorRole(shared, device.tenantId, actorId, PAYMENT_OWNERS, doing);
    return trx
      .selectFrom('tenants')
      .select(['name', 'stripe_account_id'])
      .where('id', '=', device.tenantId)
      .executeTakeFirstOrThrow();
  });
}

/**
 * Makes the studio's Stripe account on first use and answers an onboarding link for the
 * owner to open. The account is created under an idempotency key per tenant, and kept only
 * if the tenant still has none, so a retried or concurrent connect makes one account.
 */
export async function connectStripeAccount(
  context: PaymentsContext,
  device: AuthenticatedDevice,
  request: ConnectRequest,
): Promise<ConnectLinkResponse> {
  const stripe = configuredStripe(context);
  const tenantId = device.tenantId;
  const tenant = await ownersTenant(
    context,
    device,
    request.actorId,
    "connect the studio's Stripe account",
  );
  let accountId = tenant.stripe_account_id;
  try {
    if (accountId === null) {
      const account = await stripe.accounts.create(
        {
          type: 'standard',
          business_profile: { name: tenant.name },
          metadata: { tenant_id: tenantId },
        },
        { idempotencyKey: `studio-desk:account:${tenantId}` },
      );
      accountId = await context.tenants.inTenant(tenantId, async (trx) => {
        await trx
          .updateTable('tenants')
          .set({ stripe_account_id: account.id })
          .where('id', '=', tenantId)
          .where('stripe_account_id', 'is', null)
          .execute();
        const kept = await trx
          .selectFrom('tenants')
          .select('stripe_account_id')
          .where('id', '=', tenantId)
          .executeTakeFirstOrThrow();
        return kept.stripe_account_id ?? account.id;
      });
    }
    const link = await stripe.accountLinks.create({
      account: accountId,
      type: 'account_onboarding',
      return_url: request.returnUrl,
      refresh_url: request.refreshUrl,
    });
    return {
      accountId,
      url: link.url,
      expiresAt: new Date(link.expires_at * 1000).toISOString(),
    };
  } catch (error) {
    throw refusalFromStripe(error, "connecting the studio's Stripe account");
  }
}

/** Whether the studio's account is connected (onboarding submitted) and can take charges. */
export async function stripeConnectStatus(
  context: PaymentsContext,
  device: AuthenticatedDevice,
  actorId: string,
): Promise<ConnectStatusResponse> {
  const stripe = configuredStripe(context);
  const tenant = await ownersTenant(context, device, actorId, "see the studio's Stripe account");
  const accountId = tenant.stripe_account_id;
  if (accountId === null) {
    return { connected: false, accountId: null, chargesEnabled: false, detailsSubmitted: false };
  }
  let account: Stripe.Account;
  try {
    account = await stripe.accounts.retrieve(accountId);
  } catch (error) {
    throw refusalFromStripe(error, "checking the studio's Stripe account");
  }
  return {
    connected: account.details_submitted,
    accountId,
    chargesEnabled: account.charges_enabled,
    detailsSubmitted: account.details_submitted,
  };
}

/** The studio location a reader goes to: the one named, or the studio's only one. */
async function readerLocation(
  trx: TenantTransaction<ServerSchema & ConnectTables>,
  tenantId: string,
  account: string,
  locationId: string | undefined,
) {
  let query = trx
    .selectFrom('locations')
    .leftJoin('stripe_terminal_locations as terminal', (join) =>
      join
        .onRef('terminal.tenant_id', '=', 'locations.tenant_id')
        .onRef('terminal.location_id', '=', 'locations.id')
        .on('terminal.stripe_account_id', '=', account),
    )
    .select(['locations.id', 'locations.name', 'terminal.terminal_location_id'])
    .where('locations.tenant_id', '=', tenantId);
  if (locationId !== undefined) query = query.where('locations.id', '=', locationId);
  const found = await query.orderBy('locations.id').limit(2).execute();
  const [location] = found;
  if (location === undefined) {
    throw new ServiceError(404, 'unknown_location', 'This studio has no such location.');
  }
  if (found.length > 1) {
    throw new ServiceError(
      400,
      'location_needed',
      'This studio has several locations: say which one the reader is at.',
    );
  }
  return location;
}

/**
 * Registers a card reader on the studio's connected account by the code the reader shows.
 * Its studio location gets a Stripe Terminal location the first time (which needs the
 * location's address), made under an idempotency key per location and kept once.
 */
export async function registerCardReader(
  context: PaymentsContext,
  device: AuthenticatedDevice,
  request: ReaderRequest,
): Promise<ReaderResponse> {
  configuredStripe(context);
  const tenantId = device.tenantId;
  await ownersTenant(context, device, request.actorId, 'register card readers');
  const { stripe, account } = await tenantStripe(context, tenantId);
  const inConnect = <T>(
    work: (trx: TenantTransaction<ServerSchema & ConnectTables>) => Promise<T>,
  ) =>
    context.tenants.inTenant(tenantId, (trx) =>
      work(withTenantTables<ConnectTables, ServerSchema>(trx)),
    );
  const location = await inConnect((trx) =>
    readerLocation(trx, tenantId, account, request.locationId),
  );
  try {
    let terminalLocationId = location.terminal_location_id;
    if (terminalLocationId === null) {
      const address = request.address;
      if (address === undefined) {
        throw new ServiceError(
          400,
          'address_needed',
          `The first reader at ${location.name} needs the location's address for Stripe.`,
        );
      }
      const made = await stripe.terminal.locations.create(
        {
          display_name: location.name,
          address: {
            line1: address.line1,
            city: address.city,
            postal_code: address.postalCode,
            country: address.country,
            ...(address.state === undefined ? {} : { state: address.state }),
          },
          metadata: { tenant_id: tenantId, location_id: location.id },
        },
        {
          stripeAccount: account,
          idempotencyKey: `studio-desk:terminal-location:${tenantId}:${location.id}:${account}`,
        },
      );
      terminalLocationId = await inConnect(async (trx) => {
        await trx
          .insertInto('stripe_terminal_locations')
          .values({
            tenant_id: tenantId,
            location_id: location.id,
            stripe_account_id: account,
            terminal_location_id: made.id,
            created_at: isoAt(context.clock),
          })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'location_id', 'stripe_account_id']).doNothing(),
          )
          .execute();
        const kept = await trx
          .selectFrom('stripe_terminal_locations')
          .select('terminal_location_id')
          .where('tenant_id', '=', tenantId)
          .where('location_id', '=', location.id)
          .where('stripe_account_id', '=', account)
          .executeTakeFirstOrThrow();
        return kept.terminal_location_id;
      });
    }
    const reader = await stripe.terminal.readers.create(
      {
        registration_code: request.registrationCode,
        label: request.label,
        location: terminalLocationId,
        metadata: { tenant_id: tenantId, location_id: location.id },
      },
      { stripeAccount: account },
    );
    return {
      readerId: reader.id,
      label: reader.label,
      terminalLocationId,
      status: reader.status ?? null,
    };
  } catch (error) {
    throw refusalFromStripe(error, 'registering the card reader');
  }
}
