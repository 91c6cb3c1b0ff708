import { Kysely } from 'kysely';
import pg from 'pg';
import { PipelinedWritesPostgresDialect } from '../../../sync-server/db/pipelined-writes';

/** The one table of the pipelining tests. */
export interface ItemTables {
  items: { id: number; label: string };
}

/** What a pool's connections sent, and how many statements awaited answers at once. */
export interface Traffic {
  /** The most statements awaiting an answer at once on one connection: 1 means in turn. */
  most: number;
  /** Statements whose answer is still awaited, on any connection. */
  awaiting: string[];
  /** COMMIT statements sent. */
  commits: number;
}

export const noTraffic = (): Traffic => ({ most: 0, awaiting: [], commits: 0 });

/**
 * A Kysely over `url` through the server's dialect, pipelining or not, whose connections
 * record their traffic in `traffic`.
 */
export function countingKysely(
  url: string,
  options: { readonly pipelines: boolean; readonly connections: number },
  traffic: Traffic,
): Kysely<ItemTables> {
  const pool = new pg.Pool({ connectionString: url, max: options.connections, pipeline: true });
  pool.on('connect', (client) => {
    let awaitingHere = 0;
    const send = client.query.bind(client) as (...args: unknown[]) => unknown;
    const counted = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : '';
      awaitingHere++;
      traffic.awaiting.push(text);
      traffic.most = Math.max(traffic.most, awaitingHere);
      if (text === 'commit') traffic.commits++;
      const sent = send(...args);
      const answered = () => {
        awaitingHere--;
        traffic.awaiting.splice(traffic.awaiting.indexOf(text), 1);
      };
      if (sent instanceof Promise) sent.then(answered, answered);
      return sent;
    };
    Object.assign(client, { query: counted });
  });
  return new Kysely<ItemTables>({
    dialect: new PipelinedWritesPostgresDialect({ pool }, options.pipelines),
  });
}

/** The error `work` fails with; a test that expected a failure fails when there is none. */
export async function errorOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}
