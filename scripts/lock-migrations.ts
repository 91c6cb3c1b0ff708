// Records newly added shared migrations in landed-migrations.json with their content hash.
// Landed entries are never rewritten: editing a landed migration must fail the tests.
import { writeFileSync } from 'node:fs';
import { sharedMigrations } from '../src-shared/schema/migrations';
import {
  LANDED_MIGRATIONS_FILE,
  hashMigration,
  readLandedMigrations,
} from '../tests/support/migration-files';

const landed = readLandedMigrations();
const known = new Set(landed.map((m) => m.name));
const added = sharedMigrations
  .filter((m) => !known.has(m.name))
  .map((m) => ({ name: m.name, sha256: hashMigration(m.name) }));
writeFileSync(LANDED_MIGRATIONS_FILE, `${JSON.stringify([...landed, ...added], null, 2)}\n`);
console.log(added.length ? `locked ${added.map((m) => m.name).join(', ')}` : 'nothing new to lock');
