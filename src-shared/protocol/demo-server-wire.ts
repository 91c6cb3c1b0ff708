/**
 * What the demo server process (sync-server/demo/demo-server-process.ts) and the process
 * that starts it (the desk app's Electron main, or a test) say to each other: its command
 * line and the messages on its parent link. One copy for both sides, so they cannot drift
 * apart; each side checks what it receives with these schemas.
 */
import { z } from 'zod';

const requestId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const demoServerSettingsSchema = z.strictObject({
  /** Where PGlite keeps the demo studio's data. */
  dataDir: z.string().min(1),
  /** 0 picks a free port; a desk enrolled earlier asks for the port it remembers. */
  port: z.number().int().min(0).max(65_535),
});
export type DemoServerSettings = z.infer<typeof demoServerSettingsSchema>;

/** The command line the demo server process is started with; the server parses it back. */
export function demoServerArgv(settings: DemoServerSettings): string[] {
  return ['--data-dir', settings.dataDir, '--port', String(settings.port)];
}

/** Parent → demo server process. */
export const toDemoServerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('createEnrollmentCode'), id: requestId }),
  /** Close the server and the database, then exit with code 0. */
  z.strictObject({ type: z.literal('stop') }),
]);
export type ToDemoServer = z.infer<typeof toDemoServerSchema>;

/**
 * What a started demo server tells its parent, and main relays on to the desk process.
 * It only ever listens on loopback: the desk enrols against this URL.
 */
export const demoServerReadyShape = {
  url: z.url({ protocol: /^http$/, hostname: /^127\.0\.0\.1$/ }),
  port: z.number().int().min(1).max(65_535),
  tenantName: z.string().min(1).max(200),
  staffPin: z.string().regex(/^\d{4,8}$/),
};
/** Where a ready demo server listens and how its staff sign in, on every side of the relay. */
export type DemoServerInfo = Readonly<z.infer<z.ZodObject<typeof demoServerReadyShape>>>;
const message = z.string().max(2_000);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * How far a first start has come in creating the demo studio (a server reopening its
 * folder reports nothing): `createStudio` while the generator plans it, then `loadRows`
 * with rows written of the generator's estimate. `done` never passes `total`.
 */
export const demoServerProgressShape = {
  phase: z.enum(['createStudio', 'loadRows']),
  done: count,
  total: count,
};
export type DemoServerProgress = z.infer<z.ZodObject<typeof demoServerProgressShape>>;

/** The one check a progress report needs beyond its shape, wherever it crosses a boundary. */
export function doneWithinTotal(progress: { readonly done: number; readonly total: number }) {
  return progress.done <= progress.total;
}

/** Demo server process → parent. */
export const fromDemoServerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), ...demoServerReadyShape }),
  /** Any number, before `ready`, while the first start creates the demo studio. */
  z
    .strictObject({ type: z.literal('progress'), ...demoServerProgressShape })
    .refine(doneWithinTotal, 'done must not exceed total'),
  /** The server could not start; the process exits with code 1 right after. */
  z.strictObject({ type: z.literal('startFailed'), message }),
  z.strictObject({
    type: z.literal('enrollmentCode'),
    id: requestId,
    code: z.string().min(1).max(200),
  }),
  z.strictObject({ type: z.literal('enrollmentCodeFailed'), id: requestId, message }),
  /** A message from the parent did not fit {@link toDemoServerSchema}; nothing was done. */
  z.strictObject({ type: z.literal('refused'), message }),
]);
export type FromDemoServer = z.infer<typeof fromDemoServerSchema>;

/** Undefined for anything that does not fit; `ready` must name its port in its URL. */
export function parseFromDemoServer(value: unknown): FromDemoServer | undefined {
  const parsed = fromDemoServerSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const sent = parsed.data;
  // src-shared has no URL global; the schema already pinned the scheme and host.
  if (sent.type === 'ready' && urlPort(sent.url) !== sent.port) return undefined;
  return sent;
}

function urlPort(url: string): number | undefined {
  const port = /^http:\/\/127\.0\.0\.1:(\d{1,5})(?:\/|$)/.exec(url)?.[1];
  return port === undefined ? undefined : Number(port);
}
