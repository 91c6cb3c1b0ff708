import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TenantRole } from '../../src-shared/mutations/mutation-definition';
import {
  STUDIO_EXPORT_PATH,
  studioExportFileName,
  studioExportQuerySchema,
} from '../../src-shared/protocol/studio-export-messages';
import { isoAt } from '../../src-shared/time/clock';
import { writeStudioExport } from '../export/studio-export';
import { ServiceError } from '../support/service-error';
import { requireActorRole } from '../sync/console-actor';
import { parseQuery } from './request-input';
import type { SyncServerContext } from './server-context';

/** Every record of the studio, members' details and money included: its owners only. */
const STUDIO_EXPORTERS: readonly TenantRole[] = ['owner'];

/**
 * The studio's full export (issue 19) for its owner at an enrolled desk: authenticated like
 * the other console routes (the desk's token, the signed-in member checked for the role in
 * the tenant's transaction, R1.4). The check and the export share one repeatable-read
 * transaction: the archive is one snapshot, and a refusal (401, 403, 409) is an ordinary
 * `{ error, message }` sent before any byte of it. A failure after the first byte cuts the
 * response off, so a client never takes a broken archive for a whole one.
 */
export function registerExportRoutes(app: FastifyInstance, context: SyncServerContext): void {
  // One export at a time per studio: each holds a transaction open and reads every table.
  const running = new Set<string>();

  app.get(STUDIO_EXPORT_PATH, async (request, reply) => {
    const device = await context.authenticate(request);
    const { actorId } = parseQuery(studioExportQuerySchema, request.query, []);
    const tenantId = device.tenantId;
    if (running.has(tenantId)) {
      throw new ServiceError(
        409,
        'export_running',
        'An export of this studio is already running; try again when it has finished.',
      );
    }
    running.add(tenantId);
    const body = new PassThrough();
    // A failed export destroys the body with its error (the download is cut off, never ended
    // as if whole); with the reader gone nobody else listens, and an unheard stream error
    // would bring the server down. The failure itself is logged below.
    body.on('error', () => undefined);
    let allowed: () => void = () => undefined;
    const checked = new Promise<void>((resolve) => {
      allowed = resolve;
    });
    const exporting = context.tenants
      .inTenant(
        tenantId,
        async (trx, shared) => {
          await requireActorRole(
            shared,
            tenantId,
            actorId,
            STUDIO_EXPORTERS,
            'export all studio data',
          );
          allowed();
          try {
            return await writeStudioExport(trx, tenantId, body, { clock: context.clock });
          } finally {
            // Done once its last byte is written: the owner may start the next export as
            // soon as the download ends, before this transaction's commit has answered.
            running.delete(tenantId);
          }
        },
        { isolation: 'repeatable read' },
      )
      .finally(() => running.delete(tenantId));
    // Refused before the archive starts: the error handler answers it.
    await Promise.race([checked, exporting]);
    exporting.catch((error: unknown) => {
      context.log.error({ tenantId, error: String(error) }, 'studio export failed mid-stream');
    });
    const exportedOn = isoAt(context.clock).slice(0, 10);
    return reply
      .header('content-type', 'application/gzip')
      .header('content-disposition', `attachment; filename="${studioExportFileName(exportedOn)}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
