import { CompiledQuery, type Insertable } from 'kysely';
import { MUTATION_LOG_COLUMNS as LOG_COLUMNS, type MutationLogTable } from '../db/server-tables';
import type { TenantTransaction } from '../db/tenant-transaction';
import type { AuthenticatedDevice } from './device-auth';

/** The statement's text for each number of logged rows, built once (see logWriteText). */
const logWriteTexts = new Map<number, string>();

/**
 * The log write's SQL for `rowCount` rows: the rows' parameters in LOG_COLUMNS order, then
 * the last seq, the time, the tenant and the device. Written out rather than built with
 * Kysely on every push (issue 21: the query builder's work was a share of the server's CPU
 * per push); the text depends only on the row count.
 */
function logWriteText(rowCount: number): string {
  const known = logWriteTexts.get(rowCount);
  if (known !== undefined) return known;
  let next = 0;
  const p = () => `$${String(++next)}`;
  const rows = Array.from(
    { length: rowCount },
    () => `(${LOG_COLUMNS.map(() => p()).join(', ')})`,
  ).join(', ');
  const text =
    `with logged as (insert into mutation_log (${LOG_COLUMNS.join(', ')}) values ${rows}) ` +
    `update devices set last_applied_seq = ${p()}, last_seen_at = ${p()} ` +
    `where tenant_id = ${p()} and id = ${p()}`;
  logWriteTexts.set(rowCount, text);
  return text;
}

/**
 * The mutation log rows and the device's last applied seq, in one statement (R3.1): the
 * log insert is a data-modifying CTE beside the device update.
 */
export async function writeBatchLog(
  trx: TenantTransaction,
  device: AuthenticatedDevice,
  rows: readonly Insertable<MutationLogTable>[],
  last: { readonly seq: number; readonly at: string },
): Promise<void> {
  if (rows.length === 0) throw new Error('a batch log write needs at least one row');
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of LOG_COLUMNS) parameters.push(row[column] ?? null);
  parameters.push(last.seq, last.at, device.tenantId, device.deviceId);
  await trx.executeQuery(CompiledQuery.raw(logWriteText(rows.length), parameters));
}
