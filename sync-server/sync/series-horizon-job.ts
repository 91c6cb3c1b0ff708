import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { uuidV7 } from '../../src-shared/ids/uuid-v7';
import { DEFAULT_HORIZON_WEEKS } from '../../src-shared/mutations/console/class-series-fields';
import { extendClassSeries } from '../../src-shared/mutations/console/class-series-mutations';
import { executeMutation } from '../../src-shared/mutations/execute-mutation';
import type { MutationRegistry } from '../../src-shared/mutations/mutation-registry';
import { isoAt, type Clock } from '../../src-shared/time/clock';
import type { TenantDatabase } from '../db/tenant-database';
import { readActor } from './actor-roles';

const extendResult = z.object({ created: z.number() });

export interface SeriesHorizonDeps {
  readonly tenants: TenantDatabase;
  readonly clock: Clock;
  readonly registry: MutationRegistry;
}

/** The desk id the job's audit entries name: the server's own work, not a desk's. */
export const SERIES_HORIZON_DEVICE = 'server:series-horizon';

/**
 * The server's job that keeps every active class series of a studio made a horizon ahead, so
 * desks offline for days find the classes on their next pull. It runs `classSeries.extend`
 * like any mutation, as the studio's owner and under its own id: the classes it makes have
 * the ids a desk would give them (R11.1), so running it twice, on two server instances at
 * once or beside desks that extend too, makes each class once. Returns how many classes it
 * made, or null when the studio has no active owner to act for.
 */
export async function extendSeriesHorizons(
  deps: SeriesHorizonDeps,
  tenantId: string,
  weeks = DEFAULT_HORIZON_WEEKS,
): Promise<number | null> {
  return deps.tenants.inTenant(tenantId, async (_trx, shared) => {
    const owner = await shared
      .selectFrom('tenant_roles')
      .innerJoin('tenant_members', (join) =>
        join
          .onRef('tenant_members.tenant_id', '=', 'tenant_roles.tenant_id')
          .onRef('tenant_members.id', '=', 'tenant_roles.member_id'),
      )
      .select('tenant_roles.member_id')
      .where('tenant_roles.tenant_id', '=', tenantId)
      .where('tenant_roles.role', '=', 'owner')
      .where('tenant_members.status', '=', 'active')
      .orderBy('tenant_roles.member_id')
      .executeTakeFirst();
    if (owner === undefined) return null;
    const outcome = await executeMutation({
      registry: deps.registry,
      db: shared,
      side: 'server',
      tenantId,
      deviceId: SERIES_HORIZON_DEVICE,
      actor: await readActor(shared, tenantId, owner.member_id),
      call: {
        id: uuidV7(deps.clock.now(), randomBytes),
        name: extendClassSeries.name,
        args: { weeks },
        at: isoAt(deps.clock),
      },
    });
    return extendResult.parse(outcome.result).created;
  });
}

/** What one run over every studio did. */
export interface SeriesHorizonRun {
  readonly studios: number;
  readonly created: number;
  /** Studios with no active owner for the job to act for: left as they are. */
  readonly withoutOwner: number;
}

/**
 * The job over every studio (`serverctl extend-series`, run daily): each studio in its own
 * tenant transaction, one after another, so one studio's failure is not another's.
 */
export async function extendAllSeriesHorizons(
  deps: SeriesHorizonDeps,
  studios: () => Promise<readonly { readonly tenantId: string }[]>,
  weeks = DEFAULT_HORIZON_WEEKS,
): Promise<SeriesHorizonRun> {
  let created = 0;
  let withoutOwner = 0;
  const listed = await studios();
  for (const { tenantId } of listed) {
    const made = await extendSeriesHorizons(deps, tenantId, weeks);
    if (made === null) withoutOwner += 1;
    else created += made;
  }
  return { studios: listed.length, created, withoutOwner };
}
