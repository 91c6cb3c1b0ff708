/**
 * Main's reading of the demo server process's wire format. The process is server code
 * (sync-server/demo/demo-server-process.ts, with its schemas in demo-server-messages.ts)
 * that the desk may not import, so main keeps this copy and checks every message with it;
 * tests/shell runs the real process against it so the two cannot drift apart unnoticed.
 */
import { z } from 'zod';

const requestId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const port = z.number().int().min(1).max(65_535);

export interface DemoServerSettings {
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port: number;
}

export function demoServerArgv(settings: DemoServerSettings): string[] {
  return ['--data-dir', settings.dataDir, '--port', String(settings.port)];
}

/** Main → demo server process. */
export type ToDemoServer =
  { readonly type: 'createEnrollmentCode'; readonly id: number } | { readonly type: 'stop' };

/** The demo server only ever listens on loopback: the desk enrols against this URL. */
const loopbackUrl = z.url({ protocol: /^http$/, hostname: /^127\.0\.0\.1$/ });

const fromDemoServerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ready'),
    url: loopbackUrl,
    port,
    tenantName: z.string().min(1).max(200),
    staffPin: z.string().regex(/^\d{4,8}$/),
  }),
  z.strictObject({ type: z.literal('startFailed'), message: z.string().max(2_000) }),
  z.strictObject({
    type: z.literal('enrollmentCode'),
    id: requestId,
    code: z.string().min(1).max(200),
  }),
  z.strictObject({
    type: z.literal('enrollmentCodeFailed'),
    id: requestId,
    message: z.string().max(2_000),
  }),
  z.strictObject({ type: z.literal('refused'), message: z.string().max(2_000) }),
]);
export type FromDemoServer = z.infer<typeof fromDemoServerSchema>;

/** Undefined for anything that does not fit; `ready` must name the port in its URL. */
export function parseFromDemoServer(message: unknown): FromDemoServer | undefined {
  const parsed = fromDemoServerSchema.safeParse(message);
  if (!parsed.success) return undefined;
  const value = parsed.data;
  if (value.type === 'ready' && Number(new URL(value.url).port) !== value.port) return undefined;
  return value;
}
