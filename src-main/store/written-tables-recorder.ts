import {
  AliasNode,
  DeleteQueryNode,
  InsertQueryNode,
  MergeQueryNode,
  RawNode,
  TableNode,
  UpdateQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { syncedTablesByName } from '../../src-shared/sync/synced-tables';

/** A raw statement that only reads: anything else may write a table nobody can name. */
const READ_ONLY_RAW = /^\s*(select|pragma|explain)\b/i;

function tableName(node: OperationNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (TableNode.is(node)) return node.table.identifier.name;
  if (AliasNode.is(node)) return tableName(node.node);
  return undefined;
}

/** The tables a root statement writes; undefined when it cannot tell (raw SQL). */
function writtenBy(node: RootOperationNode): readonly (string | undefined)[] | undefined {
  if (InsertQueryNode.is(node)) return [tableName(node.into)];
  if (UpdateQueryNode.is(node)) return [tableName(node.table)];
  if (DeleteQueryNode.is(node)) return node.from.froms.map(tableName);
  if (MergeQueryNode.is(node)) return [tableName(node.into)];
  if (RawNode.is(node)) return READ_ONLY_RAW.test(node.sqlFragments[0] ?? '') ? [] : undefined;
  return [];
}

/**
 * Watches the statements of one desk mutation and names the synced tables they write, for
 * the drift check after the mutation is acknowledged (R6.4): a table the server's run of
 * the mutation did not write comes back in no pulled page, so only this record names it.
 * A write it cannot attribute (raw SQL) makes the answer "unknown", never a silent gap.
 */
export class WrittenTablesRecorder implements KyselyPlugin {
  private readonly written = new Set<string>();
  private unknown = false;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const tables = writtenBy(args.node);
    if (tables === undefined) this.unknown = true;
    for (const table of tables ?? []) {
      if (table === undefined) this.unknown = true;
      else if (syncedTablesByName.has(table)) this.written.add(table);
    }
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }

  /** The outbox's `tables_written`: a JSON array of table names, or null when unknown. */
  toColumn(): string | null {
    return this.unknown ? null : JSON.stringify([...this.written].sort());
  }
}
