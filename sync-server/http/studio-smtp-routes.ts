import type { FastifyInstance } from 'fastify';
import {
  studioSmtpClearRequestSchema,
  studioSmtpQuerySchema,
  studioSmtpSetRequestSchema,
  studioSmtpTestRequestSchema,
} from '../../src-shared/protocol/studio-smtp-messages';
import type { PlatformSmtp } from '../automations/studio-smtp';
import {
  clearStudioSmtpFor,
  sendStudioTestMail,
  setStudioSmtp,
  studioSmtpStatus,
  type StudioSmtpContext,
} from '../automations/studio-smtp-service';
import { parseBody, parseQuery } from './request-input';
import type { SyncServerContext } from './server-context';

/**
 * The studio's own e-mail server (issue 20, R20.5), for its owner at an enrolled desk: the
 * tenant is the desk's, the owner the member the desk names, whose role the server reads.
 * `platformSmtp` reads the platform's `smtp.default` fresh at each call.
 */
export function registerStudioSmtpRoutes(
  app: FastifyInstance,
  server: SyncServerContext,
  platformSmtp: PlatformSmtp,
): void {
  const context: StudioSmtpContext = { tenants: server.tenants, clock: server.clock, platformSmtp };

  app.get('/v1/studio-smtp', async (request) => {
    const device = await server.authenticate(request);
    const { actorId } = parseQuery(studioSmtpQuerySchema, request.query, []);
    return studioSmtpStatus(context, device, actorId);
  });

  app.post('/v1/studio-smtp', async (request) => {
    const device = await server.authenticate(request);
    return setStudioSmtp(context, device, parseBody(studioSmtpSetRequestSchema, request.body));
  });

  app.post('/v1/studio-smtp/clear', async (request) => {
    const device = await server.authenticate(request);
    const { actorId } = parseBody(studioSmtpClearRequestSchema, request.body);
    return clearStudioSmtpFor(context, device, actorId);
  });

  app.post('/v1/studio-smtp/test', async (request) => {
    const device = await server.authenticate(request);
    return sendStudioTestMail(
      context,
      device,
      parseBody(studioSmtpTestRequestSchema, request.body),
    );
  });
}
