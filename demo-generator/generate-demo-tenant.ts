import type { TableName } from '../src-shared/schema/catalog';
import { BatchBuffer, DEFAULT_MAX_BATCH_ROWS, type DemoBatch } from './demo-batches';
import { createDemoContext, type DemoContextOptions } from './demo-context';
import { emptyAttendanceLedger, type AttendanceLedger } from './attendance-ledger';
import { generateAttendance } from './generate-attendance';
import { addSetupRows, planCatalog } from './generate-catalog';
import { generateCommerce } from './generate-commerce';
import { generateEngagement } from './generate-engagement';
import { generateOutreach } from './generate-outreach';
import { generatePeople } from './generate-people';
import { generateSchedule, planSchedule } from './generate-schedule';
import { planPeople } from './plan-people';

export interface GenerateDemoTenantOptions extends DemoContextOptions {
  /** Largest batch handed out; the whole tenant is never held in memory at once. */
  readonly maxBatchRows?: number;
}

/** Runs a generator to its end for what it returns, throwing its batches away. */
function rehearse<R>(run: Generator<DemoBatch, R>): R {
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
  }
}

function sameLedger(a: AttendanceLedger, b: AttendanceLedger): boolean {
  return (
    a.bookings === b.bookings &&
    a.packPurchases.length === b.packPurchases.length &&
    a.dropIns.length === b.dropIns.length &&
    a.packUses.every((uses, i) => b.packUses[i] === uses)
  );
}

/**
 * A whole demo studio, deterministic in (seed, scale, now), as batches of rows in
 * foreign-key order: parents are always handed out before the rows that point at them.
 *
 * Some parents must carry values only their children decide: a pack's remaining credits
 * depend on the bookings it pays for, a product's stock and a gift card's balance on the
 * sales after them. The bookings and sales are therefore simulated twice from the same
 * seeds: a rehearsal that keeps no rows and learns those values, then the run that writes.
 *
 * Memory stays bounded by the plans (one small record per member, class and pack) and one
 * buffer of at most `maxBatchRows` rows per table: the large preset never holds its
 * million rows at once.
 *
 * Not generated: audit_logs (the audit log issue brings its hash chain and will add demo
 * entries through it) and staff_credentials (PIN hashes need the server's pepper, so
 * demo PINs belong to the credential work, not to a generator that runs on the desk too).
 */
export function* generateDemoTenant(options: GenerateDemoTenantOptions): Generator<DemoBatch> {
  const ctx = createDemoContext(options);
  const people = planPeople(ctx);
  const schedule = planSchedule(ctx, people);
  const catalog = planCatalog(ctx);
  const discard = new BatchBuffer(DEFAULT_MAX_BATCH_ROWS, true);
  const members = people.members.length;
  const ledger = emptyAttendanceLedger(members);
  rehearse(generateAttendance(ctx, people, schedule, catalog, ledger, discard));
  const sales = rehearse(generateCommerce(ctx, people, schedule, catalog, ledger, null, discard));

  const buffer = new BatchBuffer(options.maxBatchRows ?? DEFAULT_MAX_BATCH_ROWS);
  addSetupRows(ctx, catalog, sales.finalStock, buffer);
  yield* generatePeople(ctx, people, buffer);
  yield* generateSchedule(ctx, people, schedule, buffer);
  yield* generateCommerce(ctx, people, schedule, catalog, ledger, sales.giftCardBalances, buffer);
  const written = emptyAttendanceLedger(members);
  yield* generateAttendance(ctx, people, schedule, catalog, written, buffer);
  if (!sameLedger(ledger, written)) {
    throw new Error('the booking simulation did not repeat itself: the generator lost determinism');
  }
  yield* generateEngagement(ctx, people, catalog, ledger, buffer);
  yield* generateOutreach(ctx, people, schedule, catalog, ledger, sales.giftCardIds, buffer);
  yield* buffer.flush();
}

/** Rows per table the generator produces for these options, without keeping any. */
export function countDemoRows(options: GenerateDemoTenantOptions): Map<TableName, number> {
  const counts = new Map<TableName, number>();
  for (const batch of generateDemoTenant(options)) {
    counts.set(batch.table, (counts.get(batch.table) ?? 0) + batch.rows.length);
  }
  return counts;
}
