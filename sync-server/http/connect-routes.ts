import type { FastifyInstance } from 'fastify';
import {
  connectRequestSchema,
  connectStatusQuerySchema,
  readerRequestSchema,
} from '../../src-shared/protocol/console-messages';
import type { PaymentsContext } from '../payments/payments-context';
import {
  connectStripeAccount,
  registerCardReader,
  stripeConnectStatus,
} from '../payments/stripe-connect';
import { parseBody, parseQuery } from './request-input';
import type { SyncServerContext } from './server-context';

/**
 * The studio owner connects the studio's Stripe account and registers card readers from an
 * enrolled desk (issue 16). The tenant is the desk's; the owner is the member the desk
 * names, whose role the server reads itself.
 */
export function registerConnectRoutes(
  app: FastifyInstance,
  context: SyncServerContext,
  payments: PaymentsContext,
): void {
  app.post('/v1/payments/connect', async (request) => {
    const device = await context.authenticate(request);
    return connectStripeAccount(payments, device, parseBody(connectRequestSchema, request.body));
  });

  app.get('/v1/payments/connect', async (request) => {
    const device = await context.authenticate(request);
    const { actorId } = parseQuery(connectStatusQuerySchema, request.query, []);
    return stripeConnectStatus(payments, device, actorId);
  });

  app.post('/v1/payments/readers', async (request, reply) => {
    const device = await context.authenticate(request);
    const reader = await registerCardReader(
      payments,
      device,
      parseBody(readerRequestSchema, request.body),
    );
    return reply.code(201).send(reader);
  });
}
