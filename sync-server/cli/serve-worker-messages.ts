import { z } from 'zod';
import { serveSettingsSchema } from './serve-settings';

/** The environment variable that hands a worker its settings, as JSON. */
export const WORKER_CONFIG_ENV = 'STUDIO_SERVE_WORKER';

export const workerConfigSchema = z.strictObject({
  settings: serveSettingsSchema,
  /** 1 to N. */
  worker: z.number().int().min(1),
  runsJobs: z.boolean(),
  /** Connections of this worker's pool. */
  pool: z.number().int().min(1),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

/** From the primary: close gracefully (finish requests, end event streams) and exit. */
export const primaryMessageSchema = z.strictObject({ type: z.literal('stop') });

/** From a worker: it listens, or it could not start (and exits). */
export const workerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('listening'), address: z.string() }),
  z.strictObject({ type: z.literal('failed'), message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
