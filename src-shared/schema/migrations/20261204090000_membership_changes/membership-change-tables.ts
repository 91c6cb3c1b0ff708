import { col } from '../../column-spec';
import { defineTable } from '../../table-spec';

// Frozen with migration 20261204090000: never edit; change tables in a later migration.

const tenantId = () => col.id().referencesGlobal('tenants');

/**
 * Which order item sold which subscription (issue 18, memberships at the desk): a refund of
 * the line finds the subscription it ends. Keyed by the item, which sells one subscription.
 */
export const subscriptionSales = defineTable({
  name: 'subscription_sales',
  purpose: 'The POS order item that sold each membership, so a refund ends it (issue 18).',
  scope: 'tenant',
  columns: {
    tenant_id: tenantId(),
    order_item_id: col.id().references('pos_order_items'),
    subscription_id: col.id().references('subscriptions'),
    created_at: col.timestamp(),
  },
  primaryKey: ['order_item_id'],
});

/**
 * A freeze of a membership: from `starts_at` until `ends_at` (NULL: until resumed). Resuming
 * early sets `resumed_at`; a pause covers an instant when it started and neither ended nor
 * was resumed by then, so two desks that resume it write the same fact.
 */
export const subscriptionPauses = defineTable({
  name: 'subscription_pauses',
  purpose: 'Dated pauses (freezes) of a membership and when each was resumed (issue 18).',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    subscription_id: col.id().references('subscriptions'),
    starts_at: col.timestamp(),
    ends_at: col.timestamp().nullable(),
    resumed_at: col.timestamp().nullable(),
    reason: col.text().nullable(),
    staff_id: col.id().references('tenant_members'),
    created_at: col.timestamp(),
  },
  indexes: [
    { name: 'ix_subscription_pauses_subscription', columns: ['tenant_id', 'subscription_id'] },
  ],
});

/**
 * A change that waits for the end of the current period: a cancellation, or a move to
 * another plan from the next period. Withdrawn (a newer change replaces it, or the
 * membership ends first) by setting `withdrawn_at`; the renewal applies what is left.
 */
export const subscriptionScheduledChanges = defineTable({
  name: 'subscription_scheduled_changes',
  purpose: 'A cancellation or plan change a membership takes at the end of its period (issue 18).',
  scope: 'tenant',
  columns: {
    id: col.id(),
    tenant_id: tenantId(),
    subscription_id: col.id().references('subscriptions'),
    kind: col.enumOf(['cancel', 'change_plan']),
    // The plan of the next period for change_plan; NULL for cancel.
    new_plan_id: col.id().references('membership_plans').nullable(),
    // The period end it was asked for: when the change takes effect.
    effective_at: col.timestamp(),
    reason: col.text().nullable(),
    staff_id: col.id().references('tenant_members'),
    created_at: col.timestamp(),
    withdrawn_at: col.timestamp().nullable(),
  },
  indexes: [
    {
      name: 'ix_subscription_scheduled_changes_subscription',
      columns: ['tenant_id', 'subscription_id'],
    },
  ],
});
