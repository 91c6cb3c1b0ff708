import { mkdirSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { syncedTables } from '../../src-shared/sync/synced-tables';
import type { Desk } from './open-desk';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Writes the studio's local data as one JSON Lines file per table: no lock-in, readable by
 * anything. Returns the row count per table.
 */
export async function exportDeskData(desk: Desk, outDir: string): Promise<Record<string, number>> {
  mkdirSync(outDir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const table of syncedTables) {
    const out = createWriteStream(join(outDir, `${table.name}.jsonl`));
    let rows = 0;
    const select = desk.sqlite.prepare(
      `select ${table.columns.map(quote).join(', ')} from ${quote(table.name)}`,
    );
    for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
      if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
      rows++;
    }
    out.end();
    await once(out, 'finish');
    counts[table.name] = rows;
  }
  return counts;
}
