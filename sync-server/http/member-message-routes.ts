import type { FastifyInstance } from 'fastify';
import { conversationByToken, postByToken } from '../automations/member-messages';
import { memberPage } from './member-pages/member-page';
import { memberMessagesPage } from './member-pages/member-messages-page';
import { RateLimiter, type BucketSettings } from './rate-limiter';
import type { SyncServerContext } from './server-context';

export const MESSAGES_PATH = '/v1/messages/:token';

/**
 * Ten messages in a burst, then one a minute, per link: enough for a member's conversation,
 * and a link posted somewhere public cannot flood the studio's desks.
 */
export const DEFAULT_MEMBER_MESSAGE_RATE: BucketSettings = { burst: 10, perSecond: 1 / 60 };

/** A form body of 2000 characters, each percent-encoded as up to 12 bytes, and the rest. */
const FORM_BODY_LIMIT = 32 * 1024;

function notValid(reply: Parameters<typeof memberPage>[0]) {
  return memberPage(reply, 404, 'Link not valid', '<p>This messages link is not valid.</p>');
}

/**
 * The member's messages link (R22.5): GET shows the conversation with the studio and a
 * form, and changes nothing (mail scanners fetch links); the form's POST writes the
 * member's message and sends the browser back to the page (303), so reloading does not
 * send it twice. A bad link answers 404 either way and changes nothing.
 */
export function registerMemberMessageRoutes(
  app: FastifyInstance,
  context: SyncServerContext,
  rate: BucketSettings = DEFAULT_MEMBER_MESSAGE_RATE,
): void {
  const limiter = new RateLimiter(rate, context.clock);
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => {
        done(null, new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8')));
      },
    );
    scope.get<{ Params: { token: string } }>(MESSAGES_PATH, async (request, reply) => {
      const result = await conversationByToken(context.tenants, request.params.token);
      if (result.outcome === 'invalid') return notValid(reply);
      return memberMessagesPage(reply, 200, request.params.token, result);
    });
    scope.post<{ Params: { token: string } }>(MESSAGES_PATH, async (request, reply) => {
      const { token } = request.params;
      const retryAfter = limiter.take(token);
      if (retryAfter > 0) {
        return memberPage(
          reply.header('retry-after', String(retryAfter)),
          429,
          'Too many messages',
          `<p>Your message was not sent. Try again in ${String(Math.ceil(retryAfter / 60))} minute(s).</p>`,
        );
      }
      const body = request.body instanceof URLSearchParams ? request.body.get('body') : null;
      const result = await postByToken(context, token, body);
      if (result.outcome === 'invalid') return notValid(reply);
      if (result.outcome === 'refused') {
        return memberMessagesPage(reply, 400, token, result, {
          error: result.reason,
          draft: body ?? '',
        });
      }
      // Relative to /v1/messages/, like the form's action: the token is the last segment.
      return reply.status(303).header('location', encodeURIComponent(token)).send();
    });
  });
}
