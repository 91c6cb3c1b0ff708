import type { BillingTenantSource } from '../db/billing-tenants';
import type { PaymentsOptions } from '../payments/payments-config';
import { createPaymentsContext, type PaymentsContext } from '../payments/payments-context';
import { PokeHub } from '../sync/poke-hub';
import { billRenewals, type RenewalRun } from './renewal-billing';

/**
 * Runs renewal billing every `everyMs` in a running server (R14.5). Runs never overlap in
 * one process (a slow run delays the next); across processes the database claim keeps each
 * renewal to one charge. `stop()` waits for a run in flight, so the server closes cleanly.
 */
export class RenewalBillingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RenewalRun | undefined> | undefined;

  constructor(
    private readonly context: PaymentsContext,
    private readonly listTenants: BillingTenantSource,
    private readonly everyMs: number,
  ) {
    if (!Number.isInteger(everyMs) || everyMs < 1000) {
      throw new RangeError('renewal billing runs at most once a second (everyMs >= 1000)');
    }
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.runOnce(), this.everyMs);
    // The interval alone never keeps the process alive: the server's socket does.
    this.timer.unref();
  }

  /** One run now, unless one is in flight (then that run's result). */
  runOnce(): Promise<RenewalRun | undefined> {
    this.running ??= billRenewals(this.context, this.listTenants)
      .catch((error: unknown) => {
        this.context.log.error(
          { error: error instanceof Error ? error.message : 'unknown' },
          'renewal billing run failed; the next interval tries again',
        );
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/**
 * The context of a billing run outside a serving process (`serverctl bill-renewals`): no
 * desk listens to it, so its poke hub is its own. Running servers still hear of its commits
 * through LISTEN/NOTIFY, which every commit sends (R5.1), and poke their desks.
 */
export function renewalBillingContext(
  server: Pick<PaymentsContext, 'tenants' | 'clock' | 'log'>,
  options: PaymentsOptions,
): PaymentsContext {
  return createPaymentsContext({ ...server, hub: new PokeHub() }, options);
}
