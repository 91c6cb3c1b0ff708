import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ServiceError } from '../support/service-error';

/** Fastify's own 4xx errors, renamed to stable codes the desk can act on. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  return typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Fastify's router refuses a malformed (`%E0%A4%A`) or overlong path parameter before any
 * hook or error handler runs, answering in its own shape; passed to Fastify as
 * `frameworkErrors`, this answers those in R7.2's `{ error, message }` like every refusal.
 */
export function refuseFrameworkError(error: FastifyError, _request: unknown, reply: FastifyReply) {
  const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400;
  void reply.code(status).send({ error: 'invalid_request', message: error.message });
}

/**
 * Every refusal is `{ error, message }` with a 4xx status (R7.2); anything unexpected is a
 * 500 that names no internals. Refusals are thrown before a write or inside a transaction
 * that rolls back, so none of them changes anything.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ServiceError) {
      return reply
        .headers(error.headers)
        .code(error.status)
        .send({ error: error.code, message: error.message, ...error.details });
    }
    const status = statusOf(error);
    if (status !== undefined && status >= 400 && status < 500) {
      const code = codeOf(error);
      const message = error instanceof Error ? error.message : 'The request was refused.';
      return reply
        .code(status)
        .send({ error: (code && FASTIFY_CODES[code]) ?? 'bad_request', message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send({ error: 'internal', message: 'The server failed to handle this request; try again.' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'not_found',
      message: `There is no ${request.method} ${request.url.split('?')[0] ?? ''}.`,
    }),
  );
}
