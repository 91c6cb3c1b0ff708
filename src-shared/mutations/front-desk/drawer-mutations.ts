import { z } from 'zod';
import { appendAuditEntry } from '../../audit/audit-chain';
import { defineMutation, type MutationContext } from '../mutation-definition';
import { deskOnly, found } from './desk-rules';
import { addCashMovement, expectedCash, openDrawerSession } from './drawer-ledger';
import { DESK_ROLES, MANAGER_ROLES } from './front-desk-roles';
import { moneySchema, positiveMoneySchema, reasonSchema } from './front-desk-schemas';

/**
 * The cash drawer of the desk that runs the mutation (ctx.deviceId): one open session at a
 * time, from float to count. Opening and closing are audited; closing is an owner/manager
 * task because it fixes the shift's variance.
 */

async function currentSession(ctx: MutationContext) {
  return found(
    await openDrawerSession(ctx.db, ctx.tenantId, ctx.deviceId),
    'an open cash drawer at this desk',
  );
}

export const openDrawer = defineMutation({
  name: 'drawer.open',
  description: 'Opens this desk’s cash drawer with a counted float.',
  args: z.strictObject({ openingFloat: moneySchema, locationId: z.uuid().optional() }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const sessionId = ctx.newId();
    const auditId = ctx.newId();
    const open = await openDrawerSession(ctx.db, ctx.tenantId, ctx.deviceId);
    deskOnly(ctx, open === undefined, 'this desk’s drawer is already open: close it first');
    await ctx.db
      .insertInto('cash_drawer_sessions')
      .values({
        id: sessionId,
        tenant_id: ctx.tenantId,
        location_id: args.locationId ?? null,
        device_id: ctx.deviceId,
        opened_by: ctx.actor.memberId,
        opened_at: ctx.at,
        opening_float: args.openingFloat,
        status: 'open',
        closed_by: null,
        closed_at: null,
        counted_amount: null,
        expected_amount: null,
      })
      .execute();
    await appendAuditEntry(ctx, {
      id: auditId,
      action: 'drawer.open',
      targetId: sessionId,
      details: { openingFloat: args.openingFloat },
    });
    return { sessionId };
  },
});

export const moveDrawerCash = defineMutation({
  name: 'drawer.move',
  description: 'Puts cash into the drawer, takes it out (with a reason), or opens it with no sale.',
  args: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('paid_in'),
      amount: positiveMoneySchema,
      reason: reasonSchema,
    }),
    z.strictObject({
      type: z.literal('paid_out'),
      amount: positiveMoneySchema,
      reason: reasonSchema,
    }),
    z.strictObject({ type: z.literal('no_sale'), reason: z.string().trim().max(200).optional() }),
  ]),
  roles: DESK_ROLES,
  async run(ctx, args) {
    const movementId = ctx.newId();
    const session = await currentSession(ctx);
    const amount =
      args.type === 'paid_in' ? args.amount : args.type === 'paid_out' ? -args.amount : 0;
    await addCashMovement(ctx, {
      id: movementId,
      sessionId: session.id,
      type: args.type,
      amount,
      reason: args.reason ?? null,
      paymentId: null,
    });
    return { movementId, sessionId: session.id };
  },
});

export const closeDrawer = defineMutation({
  name: 'drawer.close',
  description: 'Closes this desk’s drawer with the cash counted; the Z report follows.',
  args: z.strictObject({ countedAmount: moneySchema }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const auditId = ctx.newId();
    const session = await currentSession(ctx);
    const expected = await expectedCash(ctx.db, session);
    await ctx.db
      .updateTable('cash_drawer_sessions')
      .set({
        status: 'closed',
        closed_by: ctx.actor.memberId,
        closed_at: ctx.at,
        counted_amount: args.countedAmount,
        expected_amount: expected,
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', session.id)
      .execute();
    const variance = args.countedAmount - expected;
    await appendAuditEntry(ctx, {
      id: auditId,
      action: 'drawer.close',
      targetId: session.id,
      details: { expected, counted: args.countedAmount, variance },
    });
    return { sessionId: session.id, expected, counted: args.countedAmount, variance };
  },
});
