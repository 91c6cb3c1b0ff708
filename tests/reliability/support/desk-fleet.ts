import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { openDesk, type Desk } from '../../../src-main/store/open-desk';
import { enrollDesk } from '../../../src-main/sync/enrollment';
import { runDeskMutation } from '../../../src-main/operations/run-mutation';
import { syncOnce } from '../../../src-main/sync/sync-engine';
import { createHttpTransport, type SyncTransport } from '../../../src-main/sync/sync-transport';
import type { Database } from '../../../src-shared/schema/catalog';
import type { Clock } from '../../../src-shared/time/clock';
import { createEnrollmentCode } from '../../../sync-server/admin/device-admin';
import type { AcknowledgedSale } from './exactly-once-checks';
import { orderIdOf, planSale, type SaleKind } from './sale-fixtures';
import type { SeededRandom } from './seeded-random';

/** A desk in a temporary folder, its transport, and pushes it has in flight. */
export interface FleetDesk {
  readonly name: string;
  readonly desk: Desk;
  readonly transport: SyncTransport;
  readonly dir: string;
}

/** Pushes under way across the fleet: a kill "mid-push" waits for one. */
export interface PushGauge {
  inFlight: number;
}

function gaugedTransport(inner: SyncTransport, gauge: PushGauge): SyncTransport {
  return {
    ...inner,
    push: async (mutations) => {
      gauge.inFlight++;
      try {
        return await inner.push(mutations);
      } finally {
        gauge.inFlight--;
      }
    },
  };
}

/** Enrols a desk with the server at `serverUrl` and runs its initial sync. */
export async function enrollFleetDesk(
  server: { readonly db: Kysely<Database>; readonly clock: Clock; readonly url: string },
  tenantId: string,
  name: string,
  gauge: PushGauge,
): Promise<FleetDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-desk-fleet-'));
  const desk = await openDesk({ dataDir: dir });
  try {
    const { code } = await createEnrollmentCode(
      { db: server.db, clock: server.clock },
      { tenantId },
    );
    const identity = await enrollDesk(desk, server.url, code, name);
    const transport = gaugedTransport(
      createHttpTransport(server.url, () => identity.deviceToken),
      gauge,
    );
    await syncOnce(desk, transport);
    return { name, desk, transport, dir };
  } catch (error) {
    await closeFleetDesk({ desk, dir });
    throw error;
  }
}

export async function closeFleetDesk(fleetDesk: Pick<FleetDesk, 'desk' | 'dir'>): Promise<void> {
  await fleetDesk.desk.close();
  rmSync(fleetDesk.dir, { recursive: true, force: true });
}

/** `count` sales made offline at one desk (nothing syncs meanwhile): a large outbox. */
export async function sellOffline(
  fleetDesk: FleetDesk,
  staffId: string,
  random: SeededRandom,
  count: number,
  goods: { readonly productId: string; readonly giftCardId: string },
): Promise<(AcknowledgedSale & { readonly kind: SaleKind; readonly total: number })[]> {
  const sales: (AcknowledgedSale & { kind: SaleKind; total: number })[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random.pick<SaleKind>(['cash', 'card', 'gift_card']);
    const sale = planSale(random, kind, goods.productId, goods.giftCardId);
    const done = await runDeskMutation(fleetDesk.desk, staffId, 'pos.sale', sale.args);
    sales.push({
      mutationId: done.mutationId,
      orderId: orderIdOf(done.result),
      kind,
      total: sale.total,
    });
  }
  return sales;
}
