import type { z } from 'zod';
import type { SetupRequest } from '../../src-shared/protocol/console-messages';
import {
  checksumsResponseSchema,
  enrollResponseSchema,
  errorResponseSchema,
  pullResponseSchema,
  PROTOCOL_VERSION,
  pushResponseSchema,
  rotateResponseSchema,
  rowsResponseSchema,
  snapshotResponseSchema,
  type ChecksumsResponse,
  type EnrollRequest,
  type EnrollResponse,
  type MutationEnvelope,
  type PullResponse,
  type PushResponse,
  type SnapshotResponse,
  type SyncRow,
} from '../../src-shared/protocol/sync-messages';

/** The server could not be reached: the desk is offline and carries on locally. */
export class SyncOfflineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SyncOfflineError';
  }
}

/** The server answered with a refusal (`{ error, message }`). */
export class SyncServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'SyncServerError';
  }
}

export interface SyncTransport {
  push(mutations: readonly MutationEnvelope[]): Promise<PushResponse>;
  /** `ownRows: 'digest'` (R4.8) only where the transport can also fetch rows by key. */
  pull(after: number, limit: number, options?: PullOptions): Promise<PullResponse>;
  /**
   * The server's current rows of one table with the given wire keys (R4.8): the rows whose
   * pulled digest differed from the desk's copy. Transports without it get full rows.
   */
  rowsByKeys?(table: string, keys: readonly string[]): Promise<SyncRow[]>;
  /** The server's checksums of the named tables (R6.4), or of every synced table. */
  checksums(tables?: readonly string[]): Promise<ChecksumsResponse>;
  snapshot(table: string, after: string | null, limit: number): Promise<SnapshotResponse>;
  rotateToken(): Promise<string>;
}

export interface PullOptions {
  readonly ownRows?: 'digest';
}

type Fetch = typeof fetch;

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** One JSON request to the server: its answer parsed with `schema`, or the refusal thrown. */
export async function request<T>(
  fetchImpl: Fetch,
  url: string,
  init: RequestInit,
  schema: z.ZodType<T>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      ...init,
      signal: init.signal ?? AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new SyncOfflineError(`cannot reach the server at ${new URL(url).origin}`, {
      cause: error,
    });
  }
  const text = await response.text().catch((error: unknown) => {
    throw new SyncOfflineError('the connection dropped while reading the answer', { cause: error });
  });
  if (!response.ok) {
    // A proxy in front of the server may answer in HTML (a 413, a 502): the status counts.
    const body = parseJson(text);
    const refusal = errorResponseSchema.safeParse(body);
    const code = refusal.success ? refusal.data.error : `http_${response.status}`;
    const message = refusal.success ? refusal.data.message : `server answered ${response.status}`;
    throw new SyncServerError(response.status, code, message, body);
  }
  const parsed = schema.safeParse(parseJson(text));
  if (!parsed.success)
    throw new Error(`the server's answer to ${url} is malformed: ${parsed.error.message}`);
  return parsed.data;
}

export async function enrollDevice(
  serverUrl: string,
  enrolment: EnrollRequest,
  fetchImpl: Fetch = fetch,
): Promise<EnrollResponse> {
  return request(
    fetchImpl,
    new URL('/v1/enroll', serverUrl).toString(),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(enrolment),
    },
    enrollResponseSchema,
  );
}

/**
 * Creates a new studio with a one-time setup code (issue 16): the server answers exactly as
 * to an enrolment, so the desk keeps the answer as its identity the same way.
 */
export async function setupStudio(
  serverUrl: string,
  setup: SetupRequest,
  fetchImpl: Fetch = fetch,
): Promise<EnrollResponse> {
  return request(
    fetchImpl,
    new URL('/v1/setup', serverUrl).toString(),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(setup),
    },
    enrollResponseSchema,
  );
}

/** The HTTP transport a desk uses; `token()` is read per request so rotation takes effect. */
export function createHttpTransport(
  serverUrl: string,
  token: () => string,
  fetchImpl: Fetch = fetch,
): SyncTransport {
  const url = (path: string) => new URL(path, serverUrl).toString();
  const headers = () => ({
    authorization: `Bearer ${token()}`,
    'content-type': 'application/json',
  });
  return {
    push: (mutations) =>
      request(
        fetchImpl,
        url('/v1/push'),
        {
          method: 'POST',
          headers: headers(),
          // The protocol this desk speaks (R3.9): a server of another answers 426 and the
          // outbox stays pending, never refused mutation by mutation.
          body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, mutations }),
        },
        pushResponseSchema,
      ),
    pull: (after, limit, options) =>
      request(
        fetchImpl,
        url(
          `/v1/pull?after=${after}&limit=${limit}` +
            (options?.ownRows ? `&ownRows=${options.ownRows}` : ''),
        ),
        { headers: { authorization: headers().authorization } },
        pullResponseSchema,
      ),
    rowsByKeys: async (table, keys) =>
      (
        await request(
          fetchImpl,
          url('/v1/rows'),
          { method: 'POST', headers: headers(), body: JSON.stringify({ table, keys }) },
          rowsResponseSchema,
        )
      ).rows,
    checksums: (tables) =>
      request(
        fetchImpl,
        url(
          tables === undefined
            ? '/v1/checksums'
            : `/v1/checksums?${new URLSearchParams({ tables: tables.join(',') }).toString()}`,
        ),
        { headers: { authorization: headers().authorization } },
        checksumsResponseSchema,
      ),
    snapshot: (table, after, limit) => {
      const query = new URLSearchParams({
        table,
        limit: String(limit),
        ...(after === null ? {} : { after }),
      });
      return request(
        fetchImpl,
        url(`/v1/snapshot?${query.toString()}`),
        { headers: { authorization: headers().authorization } },
        snapshotResponseSchema,
      );
    },
    rotateToken: async () =>
      (
        await request(
          fetchImpl,
          url('/v1/device/rotate'),
          { method: 'POST', headers: headers(), body: '{}' },
          rotateResponseSchema,
        )
      ).deviceToken,
  };
}
