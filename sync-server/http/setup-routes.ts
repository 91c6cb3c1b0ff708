import type { FastifyInstance } from 'fastify';
import {
  deskParamsSchema,
  deskRenameRequestSchema,
  deskRevokeRequestSchema,
  desksListQuerySchema,
  enrollmentCodeRequestSchema,
  setupRequestSchema,
} from '../../src-shared/protocol/console-messages';
import { issueEnrollmentCode, listDesks, renameDesk, revokeDesk } from '../sync/studio-desks';
import { setUpStudio } from '../sync/studio-setup';
import { parseBody, parseQuery } from './request-input';
import { throwIfLimited, type SyncServerContext } from './server-context';

/**
 * The studio console's routes (issue 16): a new studio from a one-time setup code, and the
 * studio's desks managed from an enrolled desk on behalf of its signed-in owner or manager.
 */
export function registerSetupRoutes(app: FastifyInstance, context: SyncServerContext): void {
  // Unauthenticated like enrolment, and limited per address like it (its own bucket key).
  app.post('/v1/setup', async (request, reply) => {
    throwIfLimited(context.enrollLimiter, `setup:${request.ip}`);
    const body = parseBody(setupRequestSchema, request.body);
    const enrolled = await setUpStudio(context, body);
    return reply.code(201).send(enrolled);
  });

  app.get('/v1/desks', async (request) => {
    const device = await context.authenticate(request);
    const { actorId } = parseQuery(desksListQuerySchema, request.query, []);
    return listDesks(context, device, actorId);
  });

  app.post('/v1/desks/enrollment-code', async (request, reply) => {
    const device = await context.authenticate(request);
    const body = parseBody(enrollmentCodeRequestSchema, request.body);
    return reply.code(201).send(await issueEnrollmentCode(context, device, body));
  });

  app.post('/v1/desks/:deviceId/rename', async (request) => {
    const device = await context.authenticate(request);
    const { deviceId } = parseBody(deskParamsSchema, request.params);
    return renameDesk(context, device, deviceId, parseBody(deskRenameRequestSchema, request.body));
  });

  app.post('/v1/desks/:deviceId/revoke', async (request) => {
    const device = await context.authenticate(request);
    const { deviceId } = parseBody(deskParamsSchema, request.params);
    const revoked = await revokeDesk(
      context,
      device,
      deviceId,
      parseBody(deskRevokeRequestSchema, request.body),
    );
    // This process stops trusting the desk's token now; others hear the commit's NOTIFY.
    context.deviceTokens?.forgetDevice(deviceId);
    return revoked;
  });
}
