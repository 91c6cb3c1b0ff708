import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../schema/catalog';
import { found } from '../../mutations/front-desk/desk-rules';
import { MutationRefusal } from '../../mutations/mutation-definition';
import { openDrawerSession } from '../../mutations/front-desk/drawer-ledger';
import { buildDrawerReport, type DrawerReport } from '../../receipts/drawer-report';
import { defineQuery } from '../query-definition';

/** The rows a drawer report is built from. */
export async function loadDrawerReport(
  db: Kysely<Database>,
  tenantId: string,
  sessionId: string,
): Promise<{ report: DrawerReport; session: Database['cash_drawer_sessions'] }> {
  const session = found(
    await db
      .selectFrom('cash_drawer_sessions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', sessionId)
      .executeTakeFirst(),
    `drawer session ${sessionId}`,
  );
  const movements = await db
    .selectFrom('cash_movements')
    .select(['type', 'amount'])
    .where('tenant_id', '=', tenantId)
    .where('session_id', '=', sessionId)
    .execute();
  const payments = await db
    .selectFrom('payments')
    .select(['method', 'amount'])
    .where('tenant_id', '=', tenantId)
    .where('drawer_session_id', '=', sessionId)
    .execute();
  return { report: buildDrawerReport({ session, movements, payments }), session };
}

export const currentDrawer = defineQuery({
  name: 'drawer.current',
  description: 'The open cash drawer session of a desk, or null.',
  args: z.strictObject({ deviceId: z.string().min(1).max(200) }),
  async run({ db, tenantId }, { deviceId }) {
    const session = await openDrawerSession(db, tenantId, deviceId);
    return session
      ? { sessionId: session.id, openedAt: session.opened_at, openingFloat: session.opening_float }
      : null;
  },
});

export const drawerXReport = defineQuery({
  name: 'drawer.xReport',
  description: 'Mid-shift report of a drawer: expected cash and takings by tender, nothing closed.',
  args: z.strictObject({ sessionId: z.uuid() }),
  async run({ db, tenantId }, { sessionId }) {
    return (await loadDrawerReport(db, tenantId, sessionId)).report;
  },
});

export const drawerZReport = defineQuery({
  name: 'drawer.zReport',
  description:
    'End-of-shift report of a closed drawer: expected against counted, the variance, by tender.',
  args: z.strictObject({ sessionId: z.uuid() }),
  async run({ db, tenantId }, { sessionId }) {
    const { report } = await loadDrawerReport(db, tenantId, sessionId);
    if (report.kind !== 'Z') {
      throw new MutationRefusal(
        'invalid',
        `drawer session ${sessionId} is still open: see its X report`,
      );
    }
    return report;
  },
});
