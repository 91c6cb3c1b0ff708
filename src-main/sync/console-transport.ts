import type { z } from 'zod';
import {
  connectLinkResponseSchema,
  connectStatusResponseSchema,
  deskResponseSchema,
  desksListResponseSchema,
  enrollmentCodeResponseSchema,
  readerResponseSchema,
  type ConnectLinkResponse,
  type ConnectStatusResponse,
  type DeskResponse,
  type DesksListResponse,
  type EnrollmentCodeResponse,
  type ReaderRequest,
  type ReaderResponse,
} from '../../src-shared/protocol/console-messages';
import { requireIdentity, type Desk } from '../store/open-desk';
import { request } from './sync-transport';

/**
 * A card reader to register with the studio's Stripe account (`POST /v1/payments/readers`):
 * the request less the actor, whom `registerReader` takes on its own.
 */
export type ReaderRegistration = Omit<ReaderRequest, 'actorId'>;

/**
 * The studio console's calls to the server (issue 16), made by this enrolled desk for its
 * signed-in member (`actorId`), whose roles the server checks again. The identity is read
 * per call, so a rotated token takes effect.
 */
export interface ConsoleTransport {
  listDesks(actorId: string): Promise<DesksListResponse>;
  renameDesk(actorId: string, deviceId: string, name: string): Promise<DeskResponse>;
  revokeDesk(actorId: string, deviceId: string, thisDesk: boolean): Promise<DeskResponse>;
  /** A one-time code another desk of the studio enrols with (R2.1). */
  enrollmentCode(actorId: string): Promise<EnrollmentCodeResponse>;
  connectStripe(
    actorId: string,
    urls: { readonly returnUrl: string; readonly refreshUrl: string },
  ): Promise<ConnectLinkResponse>;
  stripeStatus(actorId: string): Promise<ConnectStatusResponse>;
  registerReader(actorId: string, reader: ReaderRegistration): Promise<ReaderResponse>;
}

export function createConsoleTransport(
  desk: Desk,
  fetchImpl: typeof fetch = fetch,
): ConsoleTransport {
  const call = <T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<T> => {
    const identity = requireIdentity(desk);
    return request(
      fetchImpl,
      new URL(path, identity.serverUrl).toString(),
      {
        method,
        headers: {
          authorization: `Bearer ${identity.deviceToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      schema,
    );
  };
  const desksPath = (deviceId: string, action: string) =>
    `/v1/desks/${encodeURIComponent(deviceId)}/${action}`;
  return {
    listDesks: (actorId) =>
      call(
        'GET',
        `/v1/desks?${new URLSearchParams({ actorId }).toString()}`,
        undefined,
        desksListResponseSchema,
      ),
    renameDesk: (actorId, deviceId, name) =>
      call('POST', desksPath(deviceId, 'rename'), { actorId, name }, deskResponseSchema),
    revokeDesk: (actorId, deviceId, thisDesk) =>
      call(
        'POST',
        desksPath(deviceId, 'revoke'),
        { actorId, ...(thisDesk ? { thisDesk } : {}) },
        deskResponseSchema,
      ),
    enrollmentCode: (actorId) =>
      call('POST', '/v1/desks/enrollment-code', { actorId }, enrollmentCodeResponseSchema),
    connectStripe: (actorId, urls) =>
      call('POST', '/v1/payments/connect', { actorId, ...urls }, connectLinkResponseSchema),
    stripeStatus: (actorId) =>
      call(
        'GET',
        `/v1/payments/connect?${new URLSearchParams({ actorId }).toString()}`,
        undefined,
        connectStatusResponseSchema,
      ),
    registerReader: (actorId, reader) =>
      call(
        'POST',
        '/v1/payments/readers',
        {
          actorId,
          registrationCode: reader.registrationCode,
          label: reader.label,
          ...(reader.locationId === undefined ? {} : { locationId: reader.locationId }),
          ...(reader.address === undefined ? {} : { address: reader.address }),
        },
        readerResponseSchema,
      ),
  };
}
