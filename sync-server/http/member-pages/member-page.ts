import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../../../src-shared/automations/automation-template';

/** A small page a member opens from a studio's message (unsubscribe, notifications). */
export function memberPage(
  reply: FastifyReply,
  status: number,
  title: string,
  body: string,
  script?: string,
): FastifyReply {
  const scriptTag =
    script === undefined ? '' : `<script src="${escapeHtml(script)}" defer></script>`;
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      "default-src 'none'; script-src 'self'; connect-src 'self'; form-action 'self'",
    )
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
        `<meta name="viewport" content="width=device-width">${scriptTag}</head>` +
        `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}
