import { catalog } from '../../src-shared/schema/catalog';
import { storedPrimaryKey, type TableSpec } from '../../src-shared/schema/table-spec';
import type {
  CardPaymentIntentsTable,
  CardPayoutListingsTable,
  CardRefundsTable,
  StripeCustomersTable,
} from '../payments/payment-tables';
import {
  MUTATION_LOG_COLUMNS,
  type DevicesTable,
  type MutationLogTable,
} from '../db/server-tables';

/**
 * What a studio export holds (issue 19): every table with rows of the studio, each with the
 * columns that are the studio's own data. Secrets never leave: staff PIN hashes, device
 * tokens, the PIN pepper, enrolment codes and the studio's integration credentials.
 *
 * Stripe ids (the studio's connected account, its members' customers, subscriptions and
 * saved payment methods) stay on the server for desks (R4.6) but are exported: they are the
 * owner's own records, useless without Stripe keys, and an owner moving elsewhere needs them
 * to carry subscriptions over.
 */

/** How a table's rows of one studio are picked; RLS repeats the check underneath (R7.1). */
export type ExportScope = 'tenant_id' | 'tenant_row' | 'member_users';

/** SQL type a key value is cast to when it bounds the next keyset page. */
export type KeyType = 'uuid' | 'text' | 'bigint';

export interface ExportTable {
  readonly name: string;
  readonly scope: ExportScope;
  /** Exported columns, in file order. */
  readonly columns: readonly string[];
  /** Keyset order: the stored primary key. */
  readonly keys: readonly { readonly column: string; readonly type: KeyType }[];
  /** JSON text columns: parsed into values in JSON Lines, kept as text in CSV. */
  readonly jsonColumns: ReadonlySet<string>;
  /** Fewer rows a page than the default, for rows of tens of kilobytes. */
  readonly pageRows?: number;
}

/** A member photo is up to 64 KB of text: 100 of them make a page of a few megabytes. */
const PAGE_ROWS: Readonly<Record<string, number>> = { member_photos: 100 };

/** Synced, yet a secret: a PIN hash must never leave the server in an export. */
const SECRET_SHARED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  staff_credentials: ['pin_hash'],
  // Platform fields of a login, not the studio's: its platform role and platform customer.
  users: ['role', 'is_system_admin', 'stripe_customer_id'],
};

/** Server-only columns that are the owner's own ids; every other one (credentials) stays. */
const OWNED_SERVER_ONLY_COLUMNS = new Set([
  'tenants.stripe_account_id',
  'subscriptions.stripe_subscription_id',
  'subscriptions.stripe_customer_id',
  'subscriptions.stripe_payment_method_id',
]);

function keyType(spec: TableSpec, column: string): KeyType {
  const kind = spec.columns[column]?.kind;
  return kind === 'id' ? 'uuid' : kind === 'integer' ? 'bigint' : 'text';
}

function sharedScope(spec: TableSpec): ExportScope | undefined {
  if ('tenant_id' in spec.columns) return 'tenant_id';
  if (spec.name === 'tenants') return 'tenant_row';
  if (spec.name === 'users') return 'member_users';
  return undefined; // platform_config: the platform's, no studio's
}

function sharedTable(spec: TableSpec): ExportTable | undefined {
  const scope = sharedScope(spec);
  if (scope === undefined) return undefined;
  const secret = new Set(SECRET_SHARED_COLUMNS[spec.name] ?? []);
  const columns = Object.entries(spec.columns)
    .filter(([name]) => !secret.has(name))
    .filter(
      ([name, column]) =>
        !column.isServerOnly || OWNED_SERVER_ONLY_COLUMNS.has(`${spec.name}.${name}`),
    )
    .map(([name]) => name);
  return {
    name: spec.name,
    scope,
    columns,
    keys: storedPrimaryKey(spec).map((column) => ({ column, type: keyType(spec, column) })),
    jsonColumns: new Set(
      Object.entries(spec.columns)
        .filter(([, c]) => c.kind === 'json')
        .map(([name]) => name),
    ),
    ...(PAGE_ROWS[spec.name] === undefined ? {} : { pageRows: PAGE_ROWS[spec.name] }),
  };
}

function serverTable<Row>(
  name: string,
  columns: readonly (keyof Row & string)[],
  keys: readonly { readonly column: keyof Row & string; readonly type: KeyType }[],
): ExportTable {
  return { name, scope: 'tenant_id', columns, keys, jsonColumns: new Set() };
}

/**
 * Server-only tables with the studio's records. Left out on purpose, each holding no record
 * of the studio's business: enrollment_codes (code hashes), tenant_secrets (the PIN pepper),
 * sync_positions / sync_changes / sync_pending_tenants (sync bookkeeping),
 * stripe_webhook_events (delivery de-duplication), setup_codes (the platform's),
 * member_push_subscriptions (members' devices' push addresses: capabilities to reach a
 * phone, bound to this platform's VAPID key, so of no use elsewhere and not to hand out),
 * studio_smtp_settings (the studio's own mail server with its password: a credential, set
 * again by the owner on the server it moves to).
 */
const serverTables: readonly ExportTable[] = [
  // No token hashes: a device's token is its password.
  serverTable<DevicesTable>(
    'devices',
    [
      'tenant_id',
      'id',
      'name',
      'status',
      'last_applied_seq',
      'enrolled_at',
      'last_seen_at',
      'revoked_at',
    ],
    [
      { column: 'tenant_id', type: 'uuid' },
      { column: 'id', type: 'uuid' },
    ],
  ),
  serverTable<MutationLogTable>('mutation_log', MUTATION_LOG_COLUMNS, [
    { column: 'tenant_id', type: 'uuid' },
    { column: 'device_id', type: 'uuid' },
    { column: 'seq', type: 'bigint' },
  ]),
  serverTable<CardPaymentIntentsTable>(
    'card_payment_intents',
    [
      'tenant_id',
      'id',
      'stripe_account_id',
      'checkout_id',
      'device_id',
      'amount',
      'currency',
      'status',
      'amount_received',
      'failure_code',
      'failure_message',
      'reconciliation',
      'payment_id',
      'created_at',
      'updated_at',
      'save_card_member_id',
      'stripe_customer_id',
      'generated_card_id',
      'saved_card_brand',
      'saved_card_last4',
      'card_attached_at',
    ],
    [
      { column: 'tenant_id', type: 'uuid' },
      { column: 'id', type: 'text' },
    ],
  ),
  serverTable<CardRefundsTable>(
    'card_refunds',
    [
      'tenant_id',
      'payment_id',
      'payment_intent_id',
      'stripe_refund_id',
      'amount',
      'status',
      'failure_message',
      'created_at',
      'updated_at',
    ],
    [
      { column: 'tenant_id', type: 'uuid' },
      { column: 'payment_id', type: 'uuid' },
    ],
  ),
  // When the payout job learned what each of the studio's payouts carried: the studio's
  // reconciliation record, and what a server it moves to needs to not list them again.
  serverTable<CardPayoutListingsTable>(
    'card_payout_listings',
    ['tenant_id', 'payout_id', 'listed_at'],
    [
      { column: 'tenant_id', type: 'uuid' },
      { column: 'payout_id', type: 'text' },
    ],
  ),
  serverTable<StripeCustomersTable>(
    'stripe_customers',
    ['tenant_id', 'stripe_account_id', 'member_id', 'id', 'created_at'],
    [
      { column: 'tenant_id', type: 'uuid' },
      { column: 'stripe_account_id', type: 'text' },
      { column: 'member_id', type: 'uuid' },
    ],
  ),
  serverTable<{
    tenant_id: string;
    location_id: string;
    stripe_account_id: string;
    terminal_location_id: string;
    created_at: string;
  }>(
    'stripe_terminal_locations',
    ['tenant_id', 'location_id', 'stripe_account_id', 'terminal_location_id', 'created_at'],
    [
      { column: 'tenant_id', type: 'uuid' },
      { column: 'location_id', type: 'uuid' },
      { column: 'stripe_account_id', type: 'text' },
    ],
  ),
];

/** Tables with a tenant_id the export leaves out, each for the reason above. */
export const TABLES_NOT_EXPORTED: readonly string[] = [
  'enrollment_codes',
  'tenant_secrets',
  'sync_positions',
  'sync_changes',
  'sync_pending_tenants',
  'stripe_webhook_events',
  'member_push_subscriptions',
  'studio_smtp_settings',
];

/** Every exported table, the studio's own row first, then the catalog's order. */
export const exportTables: readonly ExportTable[] = [
  ...(Object.values(catalog) as TableSpec[])
    .map(sharedTable)
    .filter((table): table is ExportTable => table !== undefined)
    .sort((a, b) => Number(b.scope === 'tenant_row') - Number(a.scope === 'tenant_row')),
  ...serverTables,
];
