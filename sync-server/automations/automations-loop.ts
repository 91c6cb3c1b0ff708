import type { BillingTenantSource } from '../db/billing-tenants';
import { IntervalJob } from '../support/interval-job';
import type { AutomationsContext } from './automation-context';
import { runTenantAutomations } from './automation-run';

export interface AutomationsRun {
  readonly tenants: number;
  readonly sent: number;
  readonly failed: number;
  /** Studios whose run failed (logged); the next run tries them again. */
  readonly failedTenants: number;
}

/** One run over every active studio; one studio's failure does not stop the others. */
export async function runAllAutomations(
  context: AutomationsContext,
  listTenants: BillingTenantSource,
): Promise<AutomationsRun> {
  let sent = 0;
  let failed = 0;
  let failedTenants = 0;
  const tenants = await listTenants();
  for (const { tenantId } of tenants) {
    try {
      const run = await runTenantAutomations(context, tenantId);
      sent += run.sent;
      failed += run.failed;
    } catch (error) {
      failedTenants++;
      context.log.error(
        { tenantId, error: error instanceof Error ? error.message : 'unknown' },
        'automation run failed; the next run tries again',
      );
    }
  }
  return { tenants: tenants.length, sent, failed, failedTenants };
}

/** Runs every studio's automations every `everyMs` in a running server (issue 20). */
export class AutomationsLoop extends IntervalJob<AutomationsRun> {
  constructor(context: AutomationsContext, listTenants: BillingTenantSource, everyMs: number) {
    super('automations', () => runAllAutomations(context, listTenants), everyMs, context.log);
  }
}
