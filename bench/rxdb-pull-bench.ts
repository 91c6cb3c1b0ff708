import { performance } from 'node:perf_hooks';
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Desk } from '../src-main/store/open-desk';
import { pullResponseSchema } from '../src-shared/protocol/sync-messages';
import { rowKey, syncedTables, type SyncedTable } from '../src-shared/sync/synced-tables';
import { fixed, perSecond, times, type BenchOutcome } from './bench-report';
import type { SyncedDesk } from './initial-sync-bench';

// `boolean` only for RxDB's own `_deleted` flag, which shares the index signature.
type RowDocument = Record<string, string | number | boolean | null>;

const PAGE_SIZE = 5000;

/** One RxDB collection per synced table: the row's columns, keyed by the wire row key. */
function schemaFor(table: SyncedTable): RxJsonSchema<RowDocument> {
  const properties: Record<string, { type: string | string[]; maxLength?: number }> = {
    key: { type: 'string', maxLength: 200 },
  };
  for (const column of table.columns) properties[column] = { type: ['string', 'number', 'null'] };
  return { version: 0, primaryKey: 'key', type: 'object', properties, required: ['key'] };
}

async function replicateTable(
  serverUrl: string,
  token: string,
  table: SyncedTable,
  collection: RxCollection<RowDocument>,
  deadline: number,
): Promise<{ complete: boolean }> {
  const replication = replicateRxCollection<RowDocument, { position: number }>({
    collection,
    replicationIdentifier: `bench-${table.name}`,
    live: false,
    pull: {
      batchSize: PAGE_SIZE,
      handler: async (checkpoint, batchSize) => {
        const query = new URLSearchParams({
          after: String(checkpoint?.position ?? 0),
          limit: String(batchSize),
          table: table.name,
        });
        const response = await fetch(`${serverUrl}/v1/pull?${query.toString()}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const page = pullResponseSchema.parse(await response.json());
        return {
          checkpoint: { position: page.position },
          documents: page.changes.map((change) =>
            change.op === 'upsert'
              ? { ...change.row, key: rowKey(table, change.row), _deleted: false }
              : { key: rowKey(table, change.key), _deleted: true },
          ),
        };
      },
    },
  });
  const remaining = deadline - performance.now();
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<false>((resolve) => {
    timer = setTimeout(
      () => {
        resolve(false);
      },
      Math.max(0, remaining),
    );
  });
  const complete = await Promise.race([
    replication.awaitInitialReplication().then(() => true),
    outOfTime,
  ]);
  clearTimeout(timer);
  await replication.cancel();
  return { complete };
}

/**
 * B2: RxDB's own replication client (`replicateRxCollection`, in-memory storage) pulls the
 * same tenant from our server through the table-filtered pull, one collection per table
 * (RxDB's open-core build allows 13 open collections, so tables go one after another), with
 * the desk's page size. The comparison is per row with the desk's initial sync of B1.
 * RxDB stops after a time budget; its rate is taken over the rows it pulled by then.
 */
export async function benchRxdbPull(
  serverUrl: string,
  desk: Desk,
  synced: SyncedDesk,
  budgetSeconds: number,
  log: (line: string) => void,
): Promise<BenchOutcome> {
  const token = desk.identity?.deviceToken;
  if (token === undefined) throw new Error('the desk is not enrolled');
  const database = await createRxDatabase({
    name: `benchrxdb${Date.now()}`,
    storage: getRxStorageMemory(),
  });
  const started = performance.now();
  const deadline = started + budgetSeconds * 1000;
  let documents = 0;
  let tables = 0;
  let complete = true;
  try {
    for (const table of syncedTables) {
      const name = `t${tables}`;
      const collections = await database.addCollections({ [name]: { schema: schemaFor(table) } });
      const collection = collections[name] as RxCollection<RowDocument>;
      const outcome = await replicateTable(serverUrl, token, table, collection, deadline);
      documents += await collection.count().exec();
      tables++;
      // Frees the documents and the open-collection slot before the next table.
      await collection.remove();
      if (!outcome.complete) {
        complete = false;
        break;
      }
    }
  } finally {
    await database.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const rxdbRate = documents / seconds;
  log(`B2: RxDB pulled ${documents} rows of ${tables} tables in ${fixed(seconds)} s`);
  const deskVsRxdb = synced.rowsPerSecond / rxdbRate;
  return {
    id: 'B2',
    title: 'RxDB replication client vs our desk, same rows, same server',
    lines: [
      {
        bench: 'B2',
        workload: `RxDB replicateRxCollection, memory storage, ${documents.toLocaleString('en-US')} rows${complete ? '' : ' (budget hit)'}`,
        figure: perSecond(rxdbRate, 'rows'),
        baseline: `our desk ${perSecond(synced.rowsPerSecond, 'rows')}`,
        ratio: `desk ${times(deskVsRxdb)} RxDB`,
        target: 'desk ≥ RxDB per row',
        met: deskVsRxdb >= 1,
      },
    ],
    details: {
      storage: 'rxdb/plugins/storage-memory',
      pageSize: PAGE_SIZE,
      rxdb: { documents, tables, seconds, rowsPerSecond: rxdbRate, complete, budgetSeconds },
      desk: { rows: synced.rows, seconds: synced.seconds, rowsPerSecond: synced.rowsPerSecond },
      deskVsRxdb,
    },
    notes: complete
      ? []
      : [
          `RxDB stopped at its ${budgetSeconds} s budget after ${tables} of ${syncedTables.length} tables`,
        ],
  };
}
