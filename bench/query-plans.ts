import type { CompiledQuery, KyselyPlugin } from 'kysely';
import { runDeskQuery } from '../src-main/operations/run-query';
import type { Desk } from '../src-main/store/open-desk';

/** One statement a desk query ran, and SQLite's plan for it on this desk's file. */
export interface StatementPlan {
  readonly sql: string;
  /** EXPLAIN QUERY PLAN's lines, indented by depth: `SEARCH classes USING INDEX …`. */
  readonly plan: readonly string[];
}

interface PlanRow {
  readonly id: number;
  readonly parent: number;
  readonly detail: string;
}

function indented(rows: readonly PlanRow[]): string[] {
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((row) => {
    const level = (depth.get(row.parent) ?? 0) + 1;
    depth.set(row.id, level);
    return `${'  '.repeat(level - 1)}${row.detail}`;
  });
}

/**
 * Runs the named desk query once, exactly as the screens do, recording every statement it
 * sends, then asks SQLite for each one's plan with the same parameters. The plans are of
 * the product's own SQL, not a copy of it written in the bench.
 */
export async function explainDeskQuery(
  desk: Desk,
  name: string,
  args: unknown,
): Promise<StatementPlan[]> {
  const sent: CompiledQuery[] = [];
  const executor = desk.db.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      sent.push(executor.compileQuery(node, queryId));
      return node;
    },
    transformResult: ({ result }) => Promise.resolve(result),
  };
  await runDeskQuery({ ...desk, db: desk.db.withPlugin(recorder) }, name, args);
  return sent.map((query) => ({
    sql: query.sql,
    plan: indented(
      desk.sqlite
        .prepare<unknown[], PlanRow>(`explain query plan ${query.sql}`)
        .all(...query.parameters),
    ),
  }));
}
