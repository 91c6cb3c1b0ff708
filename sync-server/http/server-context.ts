import type { FastifyRequest } from 'fastify';
import type { MutationRegistry } from '../../src-shared/mutations/mutation-registry';
import type { Clock } from '../../src-shared/time/clock';
import type { TenantDatabase } from '../db/tenant-database';
import { ServiceError, type ServiceLog } from '../support/service-error';
import type { AuthenticatedDevice } from '../sync/device-auth';
import type { ProtocolVersions } from '../sync/protocol-version';
import type { DeviceTokenCache } from '../sync/device-token-cache';
import type { PokeHub } from '../sync/poke-hub';
import type { RateLimiter } from './rate-limiter';

/**
 * What route handlers share: one object passed explicitly, no module state. It holds the
 * tenant-scoped database, never the pool: a route reaches rows only through `inTenant`.
 */
export interface SyncServerContext {
  readonly tenants: TenantDatabase;
  readonly clock: Clock;
  readonly registry: MutationRegistry;
  /** The protocol versions whose pushes this server runs (R3.9). */
  readonly protocolVersions: ProtocolVersions;
  readonly hub: PokeHub;
  /**
   * The server hears every commit's NOTIFY (a Postgres listener), which pokes this
   * process's desks; without it a route that wrote pokes them itself after its commit.
   */
  readonly hearsCommits: boolean;
  /** Device tokens trusted in memory, where the server hears device changes (issue 21). */
  readonly deviceTokens?: DeviceTokenCache | undefined;
  readonly heartbeatMs: number;
  readonly enrollLimiter: RateLimiter;
  readonly log: ServiceLog;
  /** Authenticates the request's device (R2.2) and applies its rate limit. */
  authenticate(request: FastifyRequest): Promise<AuthenticatedDevice>;
}

/** Takes a request from the key's bucket, or refuses it with 429 and Retry-After. */
export function throwIfLimited(limiter: RateLimiter, key: string): void {
  const retryAfter = limiter.take(key);
  if (retryAfter > 0) throw rateLimited(retryAfter);
}

export function rateLimited(retryAfter: number): ServiceError {
  return new ServiceError(
    429,
    'rate_limited',
    `Too many requests; try again in ${String(retryAfter)} s.`,
    {},
    { 'retry-after': String(retryAfter) },
  );
}
