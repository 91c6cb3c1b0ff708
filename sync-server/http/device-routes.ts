import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { enrollRequestSchema } from '../../src-shared/protocol/sync-messages';
import { enrollDevice, rotateDeviceToken } from '../sync/device-enrollment';
import { parseBody } from './request-input';
import { throwIfLimited, type SyncServerContext } from './server-context';

/** The rotate route takes no arguments; a body with any field is refused, not ignored. */
const emptyBody = z.strictObject({});

/** Enrolment (R2.1) and token rotation (R2.3). */
export function registerDeviceRoutes(app: FastifyInstance, context: SyncServerContext): void {
  app.post('/v1/enroll', async (request, reply) => {
    throwIfLimited(context.enrollLimiter, `enroll:${request.ip}`);
    const body = parseBody(enrollRequestSchema, request.body);
    const enrolled = await enrollDevice(context, body);
    return reply.code(201).send(enrolled);
  });

  app.post('/v1/device/rotate', async (request) => {
    const device = await context.authenticate(request);
    if (request.body !== undefined) parseBody(emptyBody, request.body);
    return rotateDeviceToken(context, device);
  });
}
