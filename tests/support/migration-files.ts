import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_MIGRATIONS_DIR = resolve(
  import.meta.dirname,
  '../../src-shared/schema/migrations',
);
export const LANDED_MIGRATIONS_FILE = join(SHARED_MIGRATIONS_DIR, 'landed-migrations.json');

export interface LandedMigration {
  readonly name: string;
  /** sha256 over the migration's files, so an edit after landing is detected. */
  readonly sha256: string;
}

/** Hashes a migration folder (or single file) by relative path and content. */
export function hashMigration(name: string): string {
  const hash = createHash('sha256');
  const root = join(SHARED_MIGRATIONS_DIR, name);
  const files = statSync(root, { throwIfNoEntry: false })?.isDirectory()
    ? readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((f) => statSync(join(root, f)).isFile())
        .sort()
    : [];
  if (files.length === 0) throw new Error(`migration ${name} has no folder at ${root}`);
  for (const file of files) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest('hex');
}

export function readLandedMigrations(): LandedMigration[] {
  return JSON.parse(readFileSync(LANDED_MIGRATIONS_FILE, 'utf8')) as LandedMigration[];
}
