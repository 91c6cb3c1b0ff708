import type { FastifyInstance } from 'fastify';
import {
  checksumsQuerySchema,
  pullQuerySchema,
  pushRequestSchema,
  rowsRequestSchema,
  snapshotQuerySchema,
} from '../../src-shared/protocol/sync-messages';
import { checksumTables, computeChecksums, readSnapshotPage } from '../sync/proof-service';
import { readPullPage } from '../sync/pull-service';
import { readRowsOfKeys } from '../sync/rows-by-key-service';
import { assertPushProtocol } from '../sync/protocol-version';
import { applyPush } from '../sync/push-service';
import { headPosition } from '../sync/change-log';
import { parseBody, parseQuery } from './request-input';
import type { SyncServerContext } from './server-context';

/** Push (R3), pull (R4), checksums and snapshots (R6). */
export function registerSyncRoutes(app: FastifyInstance, context: SyncServerContext): void {
  app.post('/v1/push', async (request) => {
    const device = await context.authenticate(request);
    // Before the body is parsed: another version's body may have another shape (R3.9).
    assertPushProtocol(request.body, context.protocolVersions);
    const body = parseBody(pushRequestSchema, request.body);
    const response = await applyPush(context, device, body);
    // After the commit: desks of the tenant learn there is something to pull (R5.1), from
    // the commit's NOTIFY where the server listens, else from the head read now.
    if (!context.hearsCommits && response.results.some((r) => r.outcome === 'applied')) {
      const { tenantId } = device;
      const head = await context.tenants.inTenant(tenantId, (trx) => headPosition(trx, tenantId));
      context.hub.publish(tenantId, head);
    }
    return response;
  });

  app.get('/v1/pull', async (request) => {
    const device = await context.authenticate(request);
    const query = parseQuery(pullQuerySchema, request.query, ['after', 'limit']);
    return readPullPage(context, device, query);
  });

  // R4.8: rows whose pulled digest differed from the desk's copy.
  app.post('/v1/rows', async (request) => {
    const device = await context.authenticate(request);
    return readRowsOfKeys(context.tenants, device, parseBody(rowsRequestSchema, request.body));
  });

  app.get('/v1/checksums', async (request) => {
    const device = await context.authenticate(request);
    const query = parseQuery(checksumsQuerySchema, request.query, []);
    return computeChecksums(context.tenants, device, checksumTables(query.tables));
  });

  app.get('/v1/snapshot', async (request) => {
    const device = await context.authenticate(request);
    const query = parseQuery(snapshotQuerySchema, request.query, ['limit']);
    return readSnapshotPage(context.tenants, device, query);
  });
}
