import type { ServiceLog } from '../support/service-error';
import { reconcileTenantCardPayments } from './card-reconciliation';
import { processPendingCardRefunds } from './card-refunds';
import type { PaymentsContext } from './payments-context';
import { attachTenantSavedCards } from './saved-card-follow-up';

/**
 * Runs a tenant's payment follow-up (reconcile, send pending refunds) after a push, off the
 * push's request. One run per tenant at a time; a request during a run asks for one more
 * run after it, so nothing pushed meanwhile waits for the next push. `idle()` lets the
 * server's close (and tests) wait for runs in flight.
 */
export class PaymentJobs {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly work: (tenantId: string) => Promise<void>,
    private readonly log: ServiceLog,
  ) {}

  request(tenantId: string): void {
    if (this.running.has(tenantId)) {
      this.again.add(tenantId);
      return;
    }
    const run = this.runFor(tenantId).finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, run);
  }

  private async runFor(tenantId: string): Promise<void> {
    // Bounded: at most one extra run per request that arrived during the previous one.
    for (let round = 0; round < 100; round++) {
      this.again.delete(tenantId);
      try {
        await this.work(tenantId);
      } catch (error) {
        this.log.error(
          { tenantId, error: error instanceof Error ? error.name : 'unknown' },
          'card payment follow-up failed; the next push retries it',
        );
      }
      if (!this.again.has(tenantId)) return;
    }
  }

  async idle(): Promise<void> {
    // Runs end by themselves; a run requested while waiting is waited for on the next round.
    for (let round = 0; round < 100 && this.running.size > 0; round++) {
      await Promise.all(this.running.values());
    }
  }
}

/**
 * The follow-up of each push: reconcile the tenant's card payments, send its refunds, and
 * give saved cards to the memberships the push brought.
 */
export function cardFollowUpJobs(payments: PaymentsContext): PaymentJobs {
  return new PaymentJobs(async (tenantId) => {
    await reconcileTenantCardPayments(payments, tenantId);
    await processPendingCardRefunds(payments, tenantId);
    // A sale paid by a card saved for autopay puts its memberships on that card (R13.5).
    await attachTenantSavedCards(payments, tenantId);
  }, payments.log);
}
