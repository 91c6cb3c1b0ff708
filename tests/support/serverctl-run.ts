import type { Database } from '../../src-shared/schema/catalog';
import { runServerctl, type CliIo } from '../../sync-server/cli/serverctl-commands';
import { createPostgresDatabase, type TestDatabase } from './test-databases';

/** Runs serverctl in-process as its CLI would, with what it printed and its exit code. */
export async function serverctl(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    shutdown: new Promise(() => undefined),
  };
  const code = await runServerctl(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs serverctl and fails the set-up with what it said unless it exited 0. */
async function serverctlOrFail(env: Record<string, string>, ...argv: string[]) {
  const result = await serverctl(env, ...argv);
  if (result.code !== 0) {
    throw new Error(`serverctl ${argv.join(' ')} exited ${result.code}: ${result.err}`);
  }
  return result;
}

export interface ServerctlDatabase {
  readonly database: TestDatabase<Database> & { url: string };
  /** `DATABASE_URL` for the database, plus whatever else the test asked for. */
  readonly env: Record<string, string>;
}

/**
 * A fresh Postgres database migrated by `serverctl migrate`, as an operator's would be.
 * `extraEnv` joins `DATABASE_URL` in the environment serverctl is run with.
 */
export async function serverctlDatabase(
  extraEnv: Record<string, string> = {},
): Promise<ServerctlDatabase> {
  const database = await createPostgresDatabase<Database>();
  const env = { DATABASE_URL: database.url, ...extraEnv };
  try {
    await serverctlOrFail(env, 'migrate');
  } catch (error) {
    await database.dispose();
    throw error;
  }
  return { database, env };
}

/** A migrated database (above) holding one studio made by `serverctl tenant create`. */
export async function serverctlStudio(
  studio: { readonly name: string; readonly slug: string },
  extraEnv: Record<string, string> = {},
): Promise<ServerctlDatabase & { readonly tenantId: string }> {
  const made = await serverctlDatabase(extraEnv);
  try {
    const created = await serverctlOrFail(
      made.env,
      ...['tenant', 'create', '--name', studio.name, '--slug', studio.slug, '--json'],
    );
    const { tenantId } = JSON.parse(created.out) as { tenantId: string };
    return { ...made, tenantId };
  } catch (error) {
    await made.database.dispose();
    throw error;
  }
}
