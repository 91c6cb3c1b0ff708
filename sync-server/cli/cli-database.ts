import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../src-shared/schema/catalog';
import { openServerDatabase, type ServerDatabase } from '../db/open-server-database';

export const DEFAULT_DATA_DIR = './.data/server';

export interface CliDatabase extends ServerDatabase<Database> {
  /** The Postgres URL when there is one: `serve` LISTENs on it. */
  readonly url: string | undefined;
  /** For messages: where the data lives. */
  readonly where: string;
}

/**
 * The database the CLI works on: a real Postgres when DATABASE_URL is set, else the
 * embedded PGlite in `dataDir`. PGlite is one process: stop `serve` before other commands.
 */
export async function openCliDatabase(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string | undefined,
): Promise<CliDatabase> {
  const url = env['DATABASE_URL'];
  if (url !== undefined && url !== '') {
    const opened = await openServerDatabase<Database>({ kind: 'postgres', connectionString: url });
    return { ...opened, url, where: `Postgres (${new URL(url).host})` };
  }
  const dir = path.resolve(dataDir ?? DEFAULT_DATA_DIR);
  await mkdir(dir, { recursive: true });
  const opened = await openServerDatabase<Database>({ kind: 'pglite', dataDir: dir });
  return { ...opened, url: undefined, where: `PGlite (${dir})` };
}
