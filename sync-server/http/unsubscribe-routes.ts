import type { FastifyInstance } from 'fastify';
import { isoAt } from '../../src-shared/time/clock';
import { escapeHtml } from '../../src-shared/automations/automation-template';
import { optOutByToken } from '../automations/member-opt-out';
import { memberPage } from './member-pages/member-page';
import type { SyncServerContext } from './server-context';

export const UNSUBSCRIBE_PATH = '/v1/unsubscribe/:token';

/**
 * The member's unsubscribe link, and a lead's (R20.3: the token's signature says which).
 * GET only shows a button, because mail scanners fetch links: only the POST (that button,
 * or a mail client's one-click List-Unsubscribe POST, RFC 8058) unsubscribes. Both answer
 * the same page for a bad link, and a bad link changes nothing.
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, context: SyncServerContext): void {
  void app.register(async (scope) => {
    // The one-click POST and the page's form send a form body; nothing in it is needed.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, _body, done) => {
        done(null, {});
      },
    );
    scope.get<{ Params: { token: string } }>(UNSUBSCRIBE_PATH, (request, reply) =>
      memberPage(
        reply,
        200,
        'Unsubscribe',
        `<p>Stop the studio's automatic messages (e-mail and notifications) to you?</p>` +
          `<form method="post" action="${escapeHtml(request.params.token)}"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
    scope.post<{ Params: { token: string } }>(UNSUBSCRIBE_PATH, async (request, reply) => {
      const result = await optOutByToken(
        context.tenants,
        context.hub,
        request.params.token,
        isoAt(context.clock),
      );
      if (result.outcome === 'invalid') {
        return memberPage(
          reply,
          404,
          'Link not valid',
          '<p>This unsubscribe link is not valid.</p>',
        );
      }
      return memberPage(
        reply,
        200,
        'Unsubscribed',
        `<p>${escapeHtml(result.studio)} will send you no more automatic messages.</p>`,
      );
    });
  });
}
