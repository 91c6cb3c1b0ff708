import type { FastifyInstance, FastifyReply } from 'fastify';
import { escapeHtml } from '../../src-shared/automations/automation-template';
import { subscribeByToken } from '../automations/member-push-subscribe';
import { pushSubscriptionSchema } from '../automations/push-subscriptions';
import { ServiceError } from '../support/service-error';
import { memberPage } from './member-pages/member-page';
import {
  NOTIFICATIONS_PAGE_SCRIPT,
  NOTIFICATIONS_SERVICE_WORKER,
} from './member-pages/notification-scripts';
import type { SyncServerContext } from './server-context';

const BASE = '/v1/notifications';

/**
 * The member's "turn on notifications" link (R20.5): a page that asks the browser for a Web
 * Push subscription with the platform's VAPID key and posts it back to the same address.
 * Without VAPID keys the page says notifications are not available and nothing is kept.
 */
export function registerNotificationRoutes(
  app: FastifyInstance,
  context: SyncServerContext,
  vapidPublicKey: string | undefined,
): void {
  const script = (body: string) => (_request: unknown, reply: FastifyReply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(body);
  app.get(`${BASE}/app.js`, script(NOTIFICATIONS_PAGE_SCRIPT));
  app.get(`${BASE}/sw.js`, script(NOTIFICATIONS_SERVICE_WORKER));

  app.get<{ Params: { token: string } }>(`${BASE}/:token`, (request, reply) => {
    if (vapidPublicKey === undefined) {
      return memberPage(
        reply,
        200,
        'Notifications',
        '<p>This studio does not send notifications yet.</p>',
      );
    }
    return memberPage(
      reply,
      200,
      'Notifications',
      `<div id="notifications" data-token="${escapeHtml(request.params.token)}" data-vapid-key="${escapeHtml(vapidPublicKey)}">` +
        `<p>Get the studio's messages on this device.</p>` +
        `<button id="turn-on" type="button">Turn on notifications</button><p id="status" role="status"></p></div>`,
      'app.js',
    );
  });

  app.post<{ Params: { token: string } }>(`${BASE}/:token`, async (request, reply) => {
    if (vapidPublicKey === undefined) {
      throw new ServiceError(404, 'notifications_off', 'This server does not send notifications.');
    }
    const parsed = pushSubscriptionSchema.safeParse(request.body);
    if (!parsed.success) {
      throw new ServiceError(
        400,
        'invalid_subscription',
        `The push subscription is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const outcome = await subscribeByToken(
      context.tenants,
      context.clock,
      request.params.token,
      parsed.data,
    );
    if (outcome === 'invalid') {
      throw new ServiceError(404, 'invalid_link', 'This notifications link is not valid.');
    }
    return reply.status(201).send({ subscribed: true });
  });
}
