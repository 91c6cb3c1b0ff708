import { z } from 'zod';

/** How the bench asks for a server child (passed in its environment as JSON). */
export const serverChildConfigSchema = z.strictObject({
  /** Where the server's pool connects: Postgres itself, over TCP or a Unix socket, or pgbouncer. */
  databaseUrl: z.string().min(1),
  /**
   * Where it LISTENs (databaseUrl when left out): Postgres itself, since a pooler in
   * transaction mode keeps no session for LISTEN.
   */
  listenUrl: z.string().min(1).optional(),
  maxConnections: z.number().int().min(1).max(200),
  /** Keep the per-device rate limit as shipped (B5); otherwise it is lifted. */
  defaultDeviceLimits: z.boolean(),
  /** The server's own default unless set (off through pgbouncer; BENCH_PREPARED=0). */
  preparedStatements: z.boolean().optional(),
});
export type ServerChildConfig = z.infer<typeof serverChildConfigSchema>;

export const parentMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('memory') }),
  z.strictObject({ type: z.literal('work') }),
  z.strictObject({ type: z.literal('stop') }),
]);

export const childMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('listening'), url: z.string() }),
  z.strictObject({ type: z.literal('memory'), rss: z.number(), heapUsed: z.number() }),
  /** What the server has done so far: statements sent to Postgres and its CPU time. */
  z.strictObject({
    type: z.literal('work'),
    statements: z.number(),
    /** Waits for Postgres: statements sent while others were awaited share a round trip. */
    roundTrips: z.number(),
    cpuMicros: z.number(),
    /** Group commit's transactions and the pushes they held (both 0 when it is off). */
    groups: z.number(),
    groupedPushes: z.number(),
  }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
