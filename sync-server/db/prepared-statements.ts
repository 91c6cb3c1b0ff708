import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * How many distinct statements one connection keeps prepared. The server's statements are
 * a few hundred shapes; lists bound one parameter each (`in ($1, $2…)`) make more, and past
 * this a connection runs the rest unprepared rather than hold plans without end.
 */
const PREPARED_PER_CONNECTION = 1_000;

type QueryFunction = (...args: unknown[]) => unknown;

/** Statement texts whose hash is kept; past it the hash is computed again each time. */
const NAMED_TEXTS = 4_000;

/**
 * Each statement text's hash, shared by every connection (issue 21: hashing the text was
 * about 1% of the server's time in B5, for the same few hundred texts). A Map lookup hashes
 * the string too, but natively and without a crypto object per call.
 */
const hashOfText = new Map<string, string>();

function textHash(text: string): string {
  const known = hashOfText.get(text);
  if (known !== undefined) return known;
  const hash = createHash('sha1').update(text).digest('base64url').slice(0, 20);
  if (hashOfText.size < NAMED_TEXTS) hashOfText.set(text, hash);
  return hash;
}

/**
 * Postgres refuses to run a prepared `select *` whose table gained or lost a column since
 * it was prepared (a migration run by another process, a rolling deploy). The statement
 * must be prepared anew, under a new name: node-postgres skips Parse for a name it has
 * prepared on this connection.
 */
function isStalePlan(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '0A000' &&
    String((error as { message?: unknown }).message).includes('cached plan must not change')
  );
}

/**
 * Makes a pooled connection prepare each parameterised statement once and reuse it: the
 * same SQL text gets the same statement name, so Postgres parses and plans it on the first
 * call only, and node-postgres sends Bind/Execute alone after that (issue 21: parse and
 * plan were a large share of the server's Postgres time per push). Postgres re-plans on
 * its own when a table changes or the role differs, so row-level security still applies;
 * a statement whose result columns changed fails once and is prepared again after.
 * Not for a pooler in transaction mode, where consecutive statements may reach different
 * server connections that never saw the Parse.
 */
export function preparesStatements(client: pg.PoolClient): void {
  const prepared = new Set<string>();
  let generation = 0;
  const send = client.query.bind(client) as QueryFunction;
  const query: QueryFunction = (...args) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) {
      return send(...args);
    }
    const name = `s${String(generation)}_${textHash(text)}`;
    if (!prepared.has(name)) {
      if (prepared.size >= PREPARED_PER_CONNECTION) return send(...args);
      prepared.add(name);
    }
    const sent = send({ name, text, values }, ...args.slice(2));
    if (!(sent instanceof Promise)) return sent;
    return sent.catch((error: unknown) => {
      if (isStalePlan(error)) {
        // Every statement prepared before the change is suspect: start a new generation.
        generation++;
        prepared.clear();
      }
      throw error;
    });
  };
  Object.assign(client, { query });
}
