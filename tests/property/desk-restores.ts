import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DESK_DATABASE_FILE, openDesk } from '../../src-main/store/open-desk';
import type { ServerOnlyTables } from '../../sync-server/db/server-tables';
import type { DeskModel } from './property-model';
import type { PropertyDesk, PropertyServer } from './property-world';

const SNAPSHOT_FILE = 'snapshot.sqlite';

/**
 * Takes a consistent copy of the desk's database, as a backup of its folder would be: the
 * desk keeps running, so `VACUUM INTO` writes one transaction-consistent file.
 */
export function snapshotDesk(target: PropertyDesk): void {
  const file = join(target.desk.dataDir, SNAPSHOT_FILE);
  rmSync(file, { force: true });
  target.desk.sqlite.prepare('vacuum into ?').run(file);
}

/**
 * Restores the desk's folder from its last snapshot (R3.8): closes it, puts the copy in
 * place and opens it again with the same identity. Mutations made since the snapshot that
 * neither the server nor the copy holds existed only in the folder thrown away: the model
 * forgets them, as the studio lost them with the folder. Everything else must still reach
 * the server exactly once.
 */
export async function restoreDesk(
  target: PropertyDesk,
  server: PropertyServer,
  tenantId: string,
  model: DeskModel,
): Promise<void> {
  const dir = target.desk.dataDir;
  const file = join(dir, SNAPSHOT_FILE);
  if (!existsSync(file)) return;
  const current = await target.desk.db.selectFrom('desk_outbox').select('id').execute();
  await target.desk.close();
  for (const suffix of ['', '-wal', '-shm'])
    rmSync(join(dir, DESK_DATABASE_FILE + suffix), { force: true });
  copyFileSync(file, join(dir, DESK_DATABASE_FILE));
  target.desk = await openDesk({ dataDir: dir });
  model.restores++;
  const kept = new Set(
    (await target.desk.db.selectFrom('desk_outbox').select('id').execute()).map((e) => e.id),
  );
  const onServer = new Set(
    (
      await server.handle.db
        .withTables<ServerOnlyTables>()
        .selectFrom('mutation_log')
        .select('mutation_id')
        .where('tenant_id', '=', tenantId)
        .where('outcome', '=', 'applied')
        .execute()
    ).map((r) => r.mutation_id),
  );
  for (const { id } of current) if (!kept.has(id) && !onServer.has(id)) model.forget(id);
}
