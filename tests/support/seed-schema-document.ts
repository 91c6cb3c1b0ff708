import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where the seed data model lives: a copy inside the repository, so a clone with nothing
 * beside it passes; SEED_SCHEMA_PATH points the parity test at another copy.
 */
export const SEED_SCHEMA_PATH =
  process.env['SEED_SCHEMA_PATH'] ?? resolve(import.meta.dirname, '../../docs/seed-schema.md');

/** Table name to column names, read from the seed's mermaid ER diagram. */
export function readSeedSchema(): Map<string, string[]> {
  if (!existsSync(SEED_SCHEMA_PATH)) {
    throw new Error(`seed schema not found at ${SEED_SCHEMA_PATH}; set SEED_SCHEMA_PATH`);
  }
  const text = readFileSync(SEED_SCHEMA_PATH, 'utf8');
  const tables = new Map<string, string[]>();
  for (const block of text.matchAll(/^\s{4}([a-z_]+) \{\n([\s\S]*?)\n\s{4}\}/gm)) {
    const [, name, body] = block;
    const columns = (body ?? '')
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[1])
      .filter((c): c is string => Boolean(c));
    tables.set(name ?? '', columns);
  }
  return tables;
}
