import type { PushMessage, PushOutcome, PushSender } from './automation-push';
import type { DeviceSubscription, PushTransaction } from './push-subscriptions';

/** One message to one device, and how its push service answered. */
export interface Delivery {
  readonly logId: string;
  readonly userId: string;
  readonly device: DeviceSubscription;
  readonly message: PushMessage;
  readonly outcome: PushOutcome;
}

/** Sends one claimed message to each of a member's devices, one after another. */
export async function pushToDevices(
  push: PushSender,
  devices: readonly DeviceSubscription[],
  send: { readonly logId: string; readonly userId: string; readonly message: PushMessage },
): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (const device of devices) {
    deliveries.push({ ...send, device, outcome: await push(device, send.message) });
  }
  return deliveries;
}

/**
 * Every delivery goes to push_logs with its outcome (R20.5); a device whose push service
 * said it is gone is expired, so no later message is sent to it.
 */
export async function recordDeliveries(
  trx: PushTransaction,
  tenantId: string,
  deliveries: readonly Delivery[],
  context: { readonly at: string; readonly newId: () => string },
): Promise<void> {
  for (const delivery of deliveries) {
    const { outcome } = delivery;
    await trx
      .insertInto('push_logs')
      .values({
        id: context.newId(),
        tenant_id: tenantId,
        user_id: delivery.userId,
        title: delivery.message.title,
        body: delivery.message.body,
        sent_at: context.at,
        status: outcome.status,
        error: outcome.status === 'sent' ? null : outcome.error.slice(0, 500),
        automation_log_id: delivery.logId,
      })
      .execute();
    if (outcome.status === 'expired') {
      await trx
        .updateTable('member_push_subscriptions')
        .set({ expired_at: context.at })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', delivery.device.id)
        .execute();
    }
  }
}
