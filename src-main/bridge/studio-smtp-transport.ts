import type { z } from 'zod';
import {
  studioSmtpStatusSchema,
  studioSmtpTestResponseSchema,
  type StudioSmtpSetRequest,
  type StudioSmtpStatus,
  type StudioSmtpTestResult,
} from '../../src-shared/protocol/studio-smtp-messages';
import { requireIdentity, type Desk } from '../store/open-desk';
import { request } from '../sync/sync-transport';

/** The server's SMTP test gives up within ~30 s; the desk waits a little longer for its answer. */
const TEST_MAIL_WAIT_MS = 45_000;

/**
 * The studio's own e-mail server on the server (`/v1/studio-smtp`, issue 20), asked by this
 * enrolled desk for its signed-in member (`actorId`), whose owner role the server checks
 * again. The identity is read per call, so a rotated token takes effect.
 */
export interface StudioSmtpTransport {
  status(actorId: string): Promise<StudioSmtpStatus>;
  set(actorId: string, smtp: StudioSmtpSetRequest['smtp']): Promise<StudioSmtpStatus>;
  clear(actorId: string): Promise<StudioSmtpStatus>;
  sendTest(actorId: string, to: string): Promise<StudioSmtpTestResult>;
}

export function createStudioSmtpTransport(
  desk: Desk,
  fetchImpl: typeof fetch = fetch,
): StudioSmtpTransport {
  const send = <T>(path: string, schema: z.ZodType<T>, init: RequestInit): Promise<T> => {
    const { serverUrl, deviceToken } = requireIdentity(desk);
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${deviceToken}`);
    return request(fetchImpl, new URL(path, serverUrl).toString(), { ...init, headers }, schema);
  };
  const post = <T>(path: string, body: object, schema: z.ZodType<T>, waitMs?: number) =>
    send(path, schema, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(waitMs === undefined ? {} : { signal: AbortSignal.timeout(waitMs) }),
    });
  return {
    status: (actorId) =>
      send(
        `/v1/studio-smtp?${new URLSearchParams({ actorId }).toString()}`,
        studioSmtpStatusSchema,
        {
          method: 'GET',
        },
      ),
    set: (actorId, smtp) => post('/v1/studio-smtp', { actorId, smtp }, studioSmtpStatusSchema),
    clear: (actorId) => post('/v1/studio-smtp/clear', { actorId }, studioSmtpStatusSchema),
    sendTest: (actorId, to) =>
      post(
        '/v1/studio-smtp/test',
        { actorId, to },
        studioSmtpTestResponseSchema,
        TEST_MAIL_WAIT_MS,
      ),
  };
}
