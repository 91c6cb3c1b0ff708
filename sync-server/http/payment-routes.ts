import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cardFollowUpJobs, type PaymentJobs } from '../payments/payment-jobs';
import { cardPaymentsInPlan, requireCardPaymentsInPlan } from '../payments/card-payments-plan';
import { featureOffReason } from '../../src-shared/features/feature-catalogue';
import type { PaymentsOptions } from '../payments/payments-config';
import { createPaymentsContext } from '../payments/payments-context';
import { handleStripeWebhook } from '../payments/stripe-webhooks';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  createConnectionToken,
  createPaymentIntent,
  paymentsStatus,
} from '../payments/terminal-service';
import { ServiceError } from '../support/service-error';
import { authenticateDevice, bearerToken } from '../sync/device-auth';
import { registerConnectRoutes } from './connect-routes';
import { parseBody } from './request-input';
import type { SyncServerContext } from './server-context';

const emptyBody = z.strictObject({});
const intentRequestSchema = z.strictObject({
  amount: z.number().int().positive().max(10_000_000),
  checkoutId: z.uuid(),
  // The sale holds a membership: save the card for the member's autopay (R13.5).
  saveCardFor: z.strictObject({ memberId: z.uuid() }).optional(),
});
const intentParams = z.strictObject({ id: z.string().regex(/^pi_\w{1,200}$/) });

export const STRIPE_WEBHOOK_PATH = '/stripe/webhook';

/**
 * Card payments (issue 6; the services are in sync-server/payments): Terminal connection
 * tokens and PaymentIntents for enrolled desks (device token; the tenant comes from it,
 * never from the body), Stripe's webhook, and the follow-up of each push (reconcile card
 * payments, send pending card refunds). Without `options` every route refuses with
 * `payments_not_configured`.
 */
export function registerPaymentRoutes(
  app: FastifyInstance,
  context: SyncServerContext,
  options: PaymentsOptions | undefined,
): PaymentJobs {
  const payments = createPaymentsContext(context, options);
  const jobs = cardFollowUpJobs(payments);
  app.addHook('onClose', () => jobs.idle());
  registerConnectRoutes(app, context, payments);

  app.get('/v1/payments/status', async (request) => {
    const device = await context.authenticate(request);
    // A plan without cards (R19.4) answers like an unconfigured account: unavailable, why.
    if (!(await cardPaymentsInPlan(context.tenants, device.tenantId))) {
      return { available: false, reason: featureOffReason('card_payments') };
    }
    return paymentsStatus(payments, device);
  });

  app.post('/v1/payments/connection-token', async (request) => {
    const device = await context.authenticate(request);
    if (request.body !== undefined) parseBody(emptyBody, request.body);
    await requireCardPaymentsInPlan(context.tenants, device.tenantId);
    return createConnectionToken(payments, device);
  });

  app.post('/v1/payments/intents', async (request) => {
    const device = await context.authenticate(request);
    const intent = parseBody(intentRequestSchema, request.body);
    await requireCardPaymentsInPlan(context.tenants, device.tenantId);
    return createPaymentIntent(payments, device, intent);
  });

  app.post('/v1/payments/intents/:id/capture', async (request) => {
    const device = await context.authenticate(request);
    const { id } = parseBody(intentParams, request.params);
    if (request.body !== undefined) parseBody(emptyBody, request.body);
    return capturePaymentIntent(payments, device, id);
  });

  app.post('/v1/payments/intents/:id/cancel', async (request) => {
    const device = await context.authenticate(request);
    const { id } = parseBody(intentParams, request.params);
    if (request.body !== undefined) parseBody(emptyBody, request.body);
    return cancelPaymentIntent(payments, device, id);
  });

  // Stripe signs the exact bytes it sent: this route alone keeps the body raw.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer' },
      (_request, body, done) => {
        done(null, body);
      },
    );
    scope.post(STRIPE_WEBHOOK_PATH, async (request) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new ServiceError(400, 'invalid_request', 'Send the event as application/json.');
      }
      const header = request.headers['stripe-signature'];
      return handleStripeWebhook(
        payments,
        request.body,
        typeof header === 'string' ? header : undefined,
      );
    });
  });

  // After a push: the desk may have recorded card payments or card refunds.
  app.addHook('onResponse', async (request, reply) => {
    if (payments.stripe === undefined) return;
    if (request.routeOptions.url !== '/v1/push' || reply.statusCode !== 200) return;
    try {
      const device = await authenticateDevice(
        context.tenants,
        context.clock,
        bearerToken(request.headers.authorization),
      );
      jobs.request(device.tenantId);
    } catch {
      // The push authenticated; a token revoked since then has nothing left to follow up.
    }
  });
  return jobs;
}
