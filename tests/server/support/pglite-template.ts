import { createHash } from 'node:crypto';
import {
  cp,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../../../src-shared/schema/catalog';
import { migrateServerDatabase } from '../../../sync-server/db/migrate-server-database';
import { openServerDatabase } from '../../../sync-server/db/open-server-database';

/**
 * A fresh PGlite costs ~10 s of initdb and migrations on two busy cores; a copy of a
 * migrated data folder opens in about one. Each test file gets its own copy of a template
 * built once per version of the migrations (its folder name carries their hash).
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SOURCES = [
  'src-shared/schema',
  'sync-server/db',
  'node_modules/@electric-sql/pglite/package.json',
];
const PREFIX = 'studio-desk-pglite-template-';
const READY = 'TEMPLATE_READY';
const LOCK_STALE_MS = 180_000;

async function filesUnder(entry: string): Promise<string[]> {
  const full = path.join(ROOT, entry);
  if ((await stat(full)).isFile()) return [entry];
  const names = await readdir(full, { recursive: true, encoding: 'utf8' });
  const files: string[] = [];
  for (const name of names.sort()) {
    if ((await stat(path.join(full, name))).isFile()) files.push(path.join(entry, name));
  }
  return files;
}

async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  for (const entry of SOURCES) {
    for (const file of await filesUnder(entry)) {
      hash.update(file);
      hash.update(await readFile(path.join(ROOT, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

async function build(template: string): Promise<void> {
  const staging = `${template}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const database = await openServerDatabase<Database>({ kind: 'pglite', dataDir: staging });
  try {
    await migrateServerDatabase(database.db);
  } finally {
    await database.close();
  }
  await writeFile(path.join(staging, READY), new Date().toISOString());
  await rename(staging, template);
  await removeStaleTemplates(template);
}

/** Templates for other versions of the migrations, built over a day ago, only take room (~40 MB each). */
async function removeStaleTemplates(current: string): Promise<void> {
  const root = path.dirname(current);
  for (const name of await readdir(root)) {
    const full = path.join(root, name);
    if (!name.startsWith(PREFIX) || full.startsWith(current)) continue;
    const modified = await stat(full).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    );
    if (Date.now() - modified > 24 * 3_600_000) await rm(full, { recursive: true, force: true });
  }
}

/** The migrated template's folder, built by whichever test process gets there first. */
async function migratedTemplate(): Promise<string> {
  const template = path.join(tmpdir(), `${PREFIX}${await templateKey()}`);
  const lock = `${template}.lock`;
  for (;;) {
    if (await exists(path.join(template, READY))) return template;
    try {
      const handle = await open(lock, 'wx');
      await handle.close();
      try {
        if (!(await exists(path.join(template, READY)))) await build(template);
      } finally {
        await rm(lock, { force: true });
      }
      return template;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      // Another process is building it; a lock left by a killed run goes stale.
      const age =
        Date.now() -
        (await stat(lock).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        ));
      if (age > LOCK_STALE_MS) await rm(lock, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A private copy of the migrated template, removed by the returned cleanup. */
export async function copyMigratedPglite(): Promise<{ dataDir: string; remove(): Promise<void> }> {
  const template = await migratedTemplate();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'studio-desk-pglite-'));
  await cp(template, dataDir, { recursive: true });
  return { dataDir, remove: () => rm(dataDir, { recursive: true, force: true }) };
}
