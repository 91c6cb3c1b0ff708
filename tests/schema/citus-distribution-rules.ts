import type { DistributionRule } from '../../sync-server/db/distribution';
import type { FunctionFacts, TableFacts } from './citus-distribution-catalog';

/** Which list of sync-server/db/distribution.ts each table is in. */
export interface Classification {
  readonly distributionColumn: string;
  readonly distributed: readonly string[];
  readonly reference: readonly string[];
  readonly local: readonly string[];
}

/** One place where the schema breaks a rule of docs/SCALING.md. */
export interface Breach {
  readonly rule: DistributionRule;
  /** `table` or `table.constraint`, the key KnownBreach entries match on. */
  readonly subject: string;
  readonly message: string;
}

type Kind = 'distributed' | 'reference' | 'local';

function kindsOf(classification: Classification): Map<string, Kind[]> {
  const kinds = new Map<string, Kind[]>();
  const add = (names: readonly string[], kind: Kind) => {
    for (const name of names) kinds.set(name, [...(kinds.get(name) ?? []), kind]);
  };
  add(classification.distributed, 'distributed');
  add(classification.reference, 'reference');
  add(classification.local, 'local');
  return kinds;
}

/** D1: every table is in exactly one list, and every listed table exists. */
function classificationBreaches(tables: readonly TableFacts[], kinds: Map<string, Kind[]>) {
  const breaches: Breach[] = [];
  const present = new Set(tables.map((t) => t.name));
  for (const table of tables) {
    const listed = kinds.get(table.name) ?? [];
    if (listed.length !== 1) {
      breaches.push({
        rule: 'D1',
        subject: table.name,
        message: `${table.name} is ${listed.length === 0 ? 'in no list' : `in ${listed.join(' and ')}`}: classify it once in sync-server/db/distribution.ts`,
      });
    }
  }
  for (const name of kinds.keys()) {
    if (!present.has(name)) {
      breaches.push({
        rule: 'D1',
        subject: name,
        message: `${name} is listed but not in the database`,
      });
    }
  }
  return breaches;
}

/** D2–D6 for one table whose own classification is settled. */
function tableBreaches(
  table: TableFacts,
  kind: Kind,
  kindOf: (name: string) => Kind | undefined,
  column: string,
) {
  const breaches: Breach[] = [];
  const breach = (rule: DistributionRule, subject: string, message: string) =>
    breaches.push({ rule, subject, message });
  if (kind === 'distributed') {
    const distribution = table.columns[column];
    if (!distribution || distribution.type !== 'uuid' || !distribution.notNull) {
      breach(
        'D2',
        table.name,
        `${table.name}.${column} must be uuid NOT NULL to be distributed by`,
      );
    }
    for (const index of table.uniqueIndexes) {
      if (!index.columns.includes(column)) {
        breach(
          'D3',
          `${table.name}.${index.name}`,
          `${index.name} (${index.columns.join(', ')}) lacks ${column}`,
        );
      }
    }
  }
  for (const key of table.foreignKeys) {
    const subject = `${table.name}.${key.name}`;
    const target = kindOf(key.referencedTable);
    if (kind === 'distributed' && target === 'distributed') {
      const at = key.columns.indexOf(column);
      if (at < 0 || key.referencedColumns[at] !== column) {
        breach(
          'D4',
          subject,
          `${key.name} (${key.columns.join(', ')}) -> ${key.referencedTable} (${key.referencedColumns.join(', ')}) does not pair ${column} with ${column}`,
        );
      }
    } else if (kind === 'distributed' && target !== 'reference') {
      breach(
        'D5',
        subject,
        `${key.name} points at ${key.referencedTable}, which is neither distributed nor a reference table`,
      );
    } else if (kind === 'reference' && target !== 'reference') {
      breach(
        'D6',
        subject,
        `reference table ${table.name} points at ${key.referencedTable} (${target ?? 'unclassified'}) through ${key.name}`,
      );
    }
  }
  return breaches;
}

/** Every breach of rules D1–D6 (docs/SCALING.md) in the given tables. */
export function distributionBreaches(
  tables: readonly TableFacts[],
  classification: Classification,
): Breach[] {
  const kinds = kindsOf(classification);
  const kindOf = (name: string) => {
    const listed = kinds.get(name);
    return listed?.length === 1 ? listed[0] : undefined;
  };
  const breaches = classificationBreaches(tables, kinds);
  for (const table of tables) {
    const kind = kindOf(table.name);
    if (kind)
      breaches.push(...tableBreaches(table, kind, kindOf, classification.distributionColumn));
  }
  return breaches;
}

/**
 * A plpgsql body cut into pieces no wider than one statement or condition, so a tenant_id
 * filter of one statement cannot vouch for a table named in another. Cutting finer than
 * needed only ever reports more, never less.
 */
function statementsOf(source: string): string[] {
  const text = source
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replaceAll('"', '')
    .toLowerCase();
  return text
    .split(/;|\b(?:then|loop|begin|declare|else|elsif)\b/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/** The distributed tables a statement reads or changes in place (not ones it inserts into). */
function touchedTables(statement: string, distributed: ReadonlySet<string>): string[] {
  // INSERT routes each row by its own tenant_id, so an insert target crosses nothing; an
  // INTO after SELECT is a plpgsql variable. FROM also covers DELETE FROM.
  const names = [
    ...statement.matchAll(/\b(?:from|join|update)\s+(?:only\s+)?(?:public\.)?([a-z_][a-z0-9_]*)/g),
  ];
  return names.map((m) => m[1] ?? '').filter((name) => distributed.has(name));
}

const TENANT_FILTER = (column: string) =>
  new RegExp(`\\b${column}\\s*=|=\\s*[a-z0-9_.]*\\b${column}\\b`);

/**
 * The statements of a function that touch a distributed table with no equality on the
 * distribution column: on Citus each runs on every shard rather than on one tenant's node.
 * A grep-level reading, not a parser: it errs towards reporting.
 */
export function crossTenantStatements(
  source: string,
  distributed: ReadonlySet<string>,
  column: string,
): string[] {
  const filter = TENANT_FILTER(column);
  return statementsOf(source).filter(
    (statement) => touchedTables(statement, distributed).length > 0 && !filter.test(statement),
  );
}

/** S1: the names of the functions that have at least one cross-tenant statement. */
export function crossTenantFunctionNames(
  functions: readonly FunctionFacts[],
  classification: Classification,
): string[] {
  const distributed = new Set(classification.distributed);
  return functions
    .filter(
      (f) =>
        crossTenantStatements(f.source, distributed, classification.distributionColumn).length > 0,
    )
    .map((f) => f.name)
    .sort();
}
