import type { RowsRequest, RowsResponse } from '../../src-shared/protocol/sync-messages';
import { syncedTablesByName } from '../../src-shared/sync/synced-tables';
import type { TenantDatabase } from '../db/tenant-database';
import { ServiceError } from '../support/service-error';
import type { AuthenticatedDevice } from './device-auth';
import { parseRowKey, readRowsByKeys } from './row-reader';

/**
 * `POST /v1/rows` (R4.8): the current rows of one synced table with the given wire keys, as
 * a pull sends them (synced columns only, the device's tenant only). A desk asks for the
 * rows whose pulled digest differed from its copy. Keys are checked first, so a malformed
 * one is a 400 and nothing is read.
 */
export async function readRowsOfKeys(
  tenants: TenantDatabase,
  device: AuthenticatedDevice,
  request: RowsRequest,
): Promise<RowsResponse> {
  const table = syncedTablesByName.get(request.table);
  if (!table) {
    throw new ServiceError(400, 'unknown_table', `"${request.table}" is not a synced table.`);
  }
  for (const key of request.keys) parseRowKey(table, key);
  const rows = await tenants.inTenant(device.tenantId, (_trx, shared) =>
    readRowsByKeys(shared, device.tenantId, table, request.keys),
  );
  return { rows: [...rows.values()] };
}
