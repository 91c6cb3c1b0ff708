import { z } from 'zod';

/**
 * The sync protocol's messages, shared by desk and server. Every schema is strict: an
 * unknown field or a wrong type is refused, never coerced (docs/PROTOCOL.md).
 */

/**
 * The protocol this code speaks (R3.9): the messages here and the mutations of the shared
 * registry with their argument schemas, which a push carries. It goes up when a message or
 * a mutation's arguments change, or a mutation is added or removed. Version 2 added
 * `protocolVersion` to the push and `booking.checkInMember`. Version 3 added the studio
 * console's mutations, member photos, appointments and class series, and the card's brand
 * and last 4 digits (optional) on a card tender; every version-2 push still runs unchanged.
 */
export const PROTOCOL_VERSION = 3;
/** What a push without `protocolVersion` speaks: desks made before the field existed. */
export const UNVERSIONED_PUSH_PROTOCOL = 1;
/** The error of a push refused because the server does not speak its version (R3.9). */
export const PROTOCOL_UNSUPPORTED = 'protocol_unsupported';

/** Most mutations a desk may send in one push; bigger queues go in several batches. */
export const MAX_PUSH_BATCH = 500;
/**
 * Most bytes of mutation envelopes (as JSON) a desk puts in one push (R3.6): half the
 * server's default request limit of 1 MiB, so a batch fits with room for a proxy's own cap.
 * A batch always carries at least one mutation.
 */
export const MAX_PUSH_BATCH_BYTES = 512 * 1024;
/**
 * Most bytes one mutation's envelope (as JSON) may take (R3.6). A desk refuses a mutation
 * bigger than this when it is made, so nothing enters the outbox that could never be sent.
 */
export const MAX_MUTATION_BYTES = 256 * 1024;
/** Most rows a pull page carries. */
export const MAX_PULL_LIMIT = 10_000;

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a UUID');
const isoTimestamp = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
    'a UTC timestamp like 2026-11-26T12:00:00.000Z',
  );
const position = z.number().int().nonnegative();

export const enrollRequestSchema = z.strictObject({
  code: z.string().min(6).max(64),
  deviceName: z.string().min(1).max(100),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.strictObject({
  deviceId: uuid,
  deviceToken: z.string(),
  tenantId: uuid,
  tenantName: z.string(),
  /** Keys the staff PIN hashes; the desk keeps it outside its database. */
  pinPepper: z.string(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

export const rotateResponseSchema = z.strictObject({ deviceToken: z.string() });

/** One mutation as the desk recorded it in its outbox. */
export const mutationEnvelopeSchema = z.strictObject({
  /** The desk's outbox sequence: 1, 2, 3… with no gaps. */
  seq: z.number().int().positive(),
  id: uuid,
  name: z.string().min(1).max(100),
  args: z.unknown(),
  /** The staff member who ran it at the desk. */
  actorId: uuid,
  at: isoTimestamp,
  /**
   * Set when the desk gives up sending this mutation because no server along the way accepts
   * a request that large (R3.7): the server records the seq as refused without running it.
   */
  withdrawn: z.literal('too_large').optional(),
});
export type MutationEnvelope = z.infer<typeof mutationEnvelopeSchema>;

export const pushRequestSchema = z.strictObject({
  /**
   * The protocol the desk speaks (R3.9); left out by version-1 desks. The server checks it
   * before anything else in the body, whose shape may differ between versions.
   */
  protocolVersion: z.number().int().positive().optional(),
  mutations: z.array(mutationEnvelopeSchema).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResultSchema = z.strictObject({
  seq: z.number().int().positive(),
  outcome: z.enum(['applied', 'refused', 'duplicate']),
  code: z.string().optional(),
  reason: z.string().optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.strictObject({
  results: z.array(pushResultSchema),
  /** The highest seq of this device the server has applied or refused. */
  lastAppliedSeq: z.number().int().nonnegative(),
  /** The tenant's change-log position once these mutations committed. */
  position,
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullQuerySchema = z.strictObject({
  after: z.coerce.number().int().nonnegative(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(5000),
  /** Only this table's changes: for clients that keep one collection per table (RxDB). */
  table: z.string().min(1).max(64).optional(),
  /**
   * `digest`: rows this device's push wrote last come as `digests`, not as rows (R4.8).
   * Desks that do not send it (older protocol versions, RxDB) get every row in full.
   */
  ownRows: z.literal('digest').optional(),
});

export type SyncRow = Record<string, string | number | null>;

/**
 * A row: column names to strings, finite numbers or null, nothing else. Checked by hand
 * rather than with `z.record(z.union(...))` because a pull page carries thousands of rows
 * and this check is on the initial sync's critical path (bench B1); it is just as strict.
 */
function isSyncRow(value: unknown): value is SyncRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    const cell: unknown = Reflect.get(value, key);
    if (cell !== null && typeof cell !== 'string' && !Number.isFinite(cell)) return false;
  }
  return true;
}

export const rowSchema = z.custom<SyncRow>(
  isSyncRow,
  'a row maps column names to strings, numbers or null',
);

export type RowChange =
  { op: 'upsert'; table: string; row: SyncRow } | { op: 'delete'; table: string; key: SyncRow };

/** Exactly `{ op: 'upsert', table, row }` or `{ op: 'delete', table, key }`: see isSyncRow. */
function isRowChange(value: unknown): value is RowChange {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  if (keys.length !== 3 || typeof Reflect.get(value, 'table') !== 'string') return false;
  const op: unknown = Reflect.get(value, 'op');
  const body = op === 'upsert' ? 'row' : op === 'delete' ? 'key' : undefined;
  return body !== undefined && Object.hasOwn(value, body) && isSyncRow(Reflect.get(value, body));
}

export const rowChangeSchema = z.custom<RowChange>(
  isRowChange,
  'a change is { op: "upsert", table, row } or { op: "delete", table, key }',
);

/**
 * A row the pulling desk's own push wrote last (R4.8): its table, wire key (key columns
 * joined by '|') and the digest of the server's copy (src-shared/sync/row-checksum.ts).
 */
export interface RowDigest {
  readonly table: string;
  readonly key: string;
  readonly digest: string;
}

/** Exactly `{ table, key, digest }`, all strings; checked by hand for the reason of isSyncRow. */
function isRowDigest(value: unknown): value is RowDigest {
  if (typeof value !== 'object' || value === null) return false;
  return (
    Object.keys(value).length === 3 &&
    typeof Reflect.get(value, 'table') === 'string' &&
    typeof Reflect.get(value, 'key') === 'string' &&
    typeof Reflect.get(value, 'digest') === 'string'
  );
}

export const rowDigestSchema = z.custom<RowDigest>(
  isRowDigest,
  'a digest is { table, key, digest }, all strings',
);

export const pullResponseSchema = z.strictObject({
  changes: z.array(rowChangeSchema),
  /**
   * Only when the pull asked for `ownRows=digest`: changes of this page whose latest write
   * was this device's push, as digests of the server's rows. The desk keeps its own copy
   * where the digests agree and fetches the row (`POST /v1/rows`) where they do not.
   */
  digests: z.array(rowDigestSchema).optional(),
  /** The position this page reaches; the desk's next checkpoint. */
  position,
  /** The tenant's latest position: progress is position / headPosition. */
  headPosition: position,
  hasMore: z.boolean(),
  /** This device's mutations up to here are reflected in the rows up to `position`. */
  lastAppliedSeq: z.number().int().nonnegative(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const tableChecksumSchema = z.strictObject({
  table: z.string(),
  rows: z.number().int().nonnegative(),
  checksum: z.string(),
});
export type TableChecksum = z.infer<typeof tableChecksumSchema>;

export const checksumsResponseSchema = z.strictObject({
  position,
  tables: z.array(tableChecksumSchema),
});
export type ChecksumsResponse = z.infer<typeof checksumsResponseSchema>;

/**
 * `GET /v1/checksums?tables=a,b`: the checksums of only the named tables, each named once
 * (R6.4: a desk's drift check compares just the tables a sync touched). Without it, every
 * synced table. The server checks the names against the tables desks hold.
 */
export const checksumsQuerySchema = z.strictObject({
  tables: z
    .string()
    .min(1)
    .max(2000)
    .regex(/^[a-z_]+(,[a-z_]+)*$/, 'table names separated by commas')
    .optional(),
});

/** Every refusal has a stable code and a sentence a person can act on. */
export const errorResponseSchema = z.strictObject({
  error: z.string(),
  message: z.string(),
  /** Only on `seq_gap` (R3.3) and `seq_reused` (R3.8): the seq the server expects next. */
  expected: z.number().int().positive().optional(),
  /** Only on `card_declined` (R8): the card network's reason, e.g. `insufficient_funds`. */
  declineCode: z.string().max(100).optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/**
 * A push refused whole because a seq it sends was already used by a different mutation
 * (R3.8): the desk's data folder was restored from an older copy, or copied to a second
 * computer. The desk sends its unsent mutations again from `expected` on.
 */
export const seqReusedResponseSchema = z.strictObject({
  error: z.literal('seq_reused'),
  message: z.string(),
  expected: z.number().int().positive(),
});

/** A push refused whole because its first new seq is not the next one (R3.3). */
export const seqGapResponseSchema = z.strictObject({
  error: z.literal('seq_gap'),
  message: z.string(),
  /** The seq the server expects next: the desk resends its outbox from there. */
  expected: z.number().int().positive(),
});
export type SeqGapResponse = z.infer<typeof seqGapResponseSchema>;

/**
 * `POST /v1/rows`: the server's current rows of one table with the given wire keys (R4.8),
 * for a pulled digest that did not match the desk's copy. A key with no row (deleted, or not
 * this studio's) is simply absent from the answer.
 */
export const rowsRequestSchema = z.strictObject({
  table: z.string().min(1).max(100),
  keys: z.array(z.string().min(1).max(400)).min(1).max(MAX_PULL_LIMIT),
});
export type RowsRequest = z.infer<typeof rowsRequestSchema>;

export const rowsResponseSchema = z.strictObject({ rows: z.array(rowSchema) });
export type RowsResponse = z.infer<typeof rowsResponseSchema>;

/** `GET /v1/snapshot?table=T&after=K&limit=N`: one keyset page of a table's rows (R6.3). */
export const snapshotQuerySchema = z.strictObject({
  table: z.string().min(1).max(100),
  /** The row key (key columns joined by '|') of the last row of the previous page. */
  after: z.string().min(1).max(400).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(5000),
});

export const snapshotResponseSchema = z.strictObject({
  /** Rows in key order, synced columns only. */
  rows: z.array(rowSchema),
  /** Pass as `after` for the next page; null when this page is the last. */
  nextAfter: z.string().nullable(),
});
export type SnapshotResponse = z.infer<typeof snapshotResponseSchema>;

/** The data of an `event: poke` on `GET /v1/events` (R5.1). */
export const pokeEventSchema = z.strictObject({ position });
export type PokeEvent = z.infer<typeof pokeEventSchema>;
