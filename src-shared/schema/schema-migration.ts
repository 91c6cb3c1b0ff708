import type { Kysely } from 'kysely';
import type { SqlDialectName } from './ddl-builder';

export interface MigrationContext {
  readonly db: Kysely<unknown>;
  readonly dialect: SqlDialectName;
}

/**
 * One step of the schema's history. Names are `<UTC yyyymmddHHMMSS>_<what>`; a landed
 * migration is never edited, and a new one must sort after every landed one.
 */
export interface SchemaMigration {
  readonly name: string;
  up(context: MigrationContext): Promise<void>;
}
