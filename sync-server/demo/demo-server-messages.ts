/**
 * What the demo server process (demo-server-process.ts) and the process that starts it
 * say to each other: its command line and the messages on its parent link. The desk app's
 * Electron main reads the same wire format with its own copy of these schemas
 * (src-main/main/demo-server-wire.ts), because the desk may not import server code;
 * tests/shell runs both against each other so the two cannot drift apart unnoticed.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

const requestId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const demoServerSettingsSchema = z.strictObject({
  /** Where PGlite keeps the demo studio's data. */
  dataDir: z.string().min(1),
  /** 0 picks a free port; a desk enrolled earlier asks for the port it remembers. */
  port: z.number().int().min(0).max(65_535),
});
export type DemoServerSettings = z.infer<typeof demoServerSettingsSchema>;

/** Parent → demo server process. */
export const toDemoServerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('createEnrollmentCode'), id: requestId }),
  /** Close the server and the database, then exit with code 0. */
  z.strictObject({ type: z.literal('stop') }),
]);
export type ToDemoServer = z.infer<typeof toDemoServerSchema>;

/** Demo server process → parent. */
export type FromDemoServer =
  | {
      readonly type: 'ready';
      readonly url: string;
      readonly port: number;
      readonly tenantName: string;
      readonly staffPin: string;
    }
  /** The server could not start; the process exits with code 1 right after. */
  | { readonly type: 'startFailed'; readonly message: string }
  | { readonly type: 'enrollmentCode'; readonly id: number; readonly code: string }
  | { readonly type: 'enrollmentCodeFailed'; readonly id: number; readonly message: string }
  /** A message from the parent did not fit {@link toDemoServerSchema}; nothing was done. */
  | { readonly type: 'refused'; readonly message: string };

export function demoServerArgv(settings: DemoServerSettings): string[] {
  return ['--data-dir', settings.dataDir, '--port', String(settings.port)];
}

/** Reads {@link demoServerArgv}'s output back; refuses anything else with a clear error. */
export function parseDemoServerArgv(argv: readonly string[]): DemoServerSettings {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const port = values.port;
  const parsed = demoServerSettingsSchema.safeParse({
    dataDir: values['data-dir'],
    // Number('') is 0: an empty --port must be refused, not read as "any port".
    port: port === undefined || !/^\d{1,5}$/.test(port) ? undefined : Number(port),
  });
  if (!parsed.success) {
    throw new Error(
      `the demo server needs --data-dir <folder> and --port <0-65535> (got ${JSON.stringify(argv)})`,
    );
  }
  return parsed.data;
}
