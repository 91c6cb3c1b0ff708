import { z } from 'zod';
import { defineMutation } from '../mutation-definition';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { moneySchema } from '../front-desk/front-desk-schemas';
import {
  basedOnEachChange,
  basedOnEachChangeError,
  definedOnly,
  editArgs,
  editRecord,
  flagOf,
} from './catalogue-edits';
import { catalogueNameSchema } from './catalogue-schemas';

/*
 * What a studio sells for its classes: class pack definitions and membership plans. Neither
 * is ever deleted, since purchased packs and subscriptions name them; `active: false` retires
 * one, and the desk stops selling it.
 */

const packFields = {
  name: catalogueNameSchema,
  credits: z.number().int().min(1).max(1000),
  price: moneySchema,
  /** Days a purchased pack stays valid; null: it never expires. */
  validityDays: z.number().int().min(1).max(3660).nullable(),
  active: z.boolean(),
};

export const definePack = defineMutation({
  name: 'pack.define',
  description: 'Adds a class pack to sell: its credits, price and how long it stays valid.',
  args: z.strictObject({
    name: packFields.name,
    credits: packFields.credits,
    price: packFields.price,
    validityDays: packFields.validityDays,
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const packDefinitionId = ctx.newId();
    await ctx.db
      .insertInto('class_pack_definitions')
      .values({
        id: packDefinitionId,
        tenant_id: ctx.tenantId,
        name: args.name,
        credits: args.credits,
        price: args.price,
        validity_days: args.validityDays,
        active: 1,
        created_at: ctx.at,
      })
      .execute();
    return { packDefinitionId };
  },
  audit: (_args, result) => ({ targetId: result.packDefinitionId }),
});

export const updatePackDefinition = defineMutation({
  name: 'pack.updateDefinition',
  description:
    'Changes a class pack’s name, credits, price or validity, or retires it; packs already sold keep theirs.',
  args: z
    .strictObject({ packDefinitionId: z.uuid(), ...editArgs(packFields) })
    .refine(basedOnEachChange, basedOnEachChangeError),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const definition = await editRecord(ctx, {
      id: args.packDefinitionId,
      kind: 'class pack',
      name: (row) => row.name,
      select: ctx.db.selectFrom('class_pack_definitions').selectAll(),
      update: (columns) => ctx.db.updateTable('class_pack_definitions').set(columns),
      columns: (values: typeof args.set) =>
        definedOnly({
          name: values.name,
          credits: values.credits,
          price: values.price,
          validity_days: values.validityDays,
          active: flagOf(values.active),
        }),
      set: args.set,
      basedOn: args.basedOn,
    });
    return { packDefinitionId: definition.id };
  },
  audit: (_args, result) => ({ targetId: result.packDefinitionId }),
});

const planFields = {
  name: catalogueNameSchema,
  price: moneySchema,
  interval: z.enum(['week', 'month', 'year', 'one_time']),
  /** Classes allowed per interval; null: unlimited. */
  classLimit: z.number().int().min(1).max(1000).nullable(),
  /** Whether the plan includes the video library. */
  vodEnabled: z.boolean(),
  active: z.boolean(),
};

export const createPlan = defineMutation({
  name: 'plan.create',
  description:
    'Adds a membership plan: its price, billing interval, classes per interval and video access.',
  args: z.strictObject({
    name: planFields.name,
    price: planFields.price,
    interval: planFields.interval,
    classLimit: planFields.classLimit,
    vodEnabled: planFields.vodEnabled,
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const planId = ctx.newId();
    await ctx.db
      .insertInto('membership_plans')
      .values({
        id: planId,
        tenant_id: ctx.tenantId,
        name: args.name,
        price: args.price,
        interval: args.interval,
        vod_enabled: args.vodEnabled ? 1 : 0,
        class_limit: args.classLimit,
        active: 1,
        created_at: ctx.at,
      })
      .execute();
    return { planId };
  },
  audit: (_args, result) => ({ targetId: result.planId }),
});

export const updatePlan = defineMutation({
  name: 'plan.update',
  description:
    'Changes a membership plan or retires it; members already subscribed keep their subscription.',
  args: z
    .strictObject({ planId: z.uuid(), ...editArgs(planFields) })
    .refine(basedOnEachChange, basedOnEachChangeError),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const plan = await editRecord(ctx, {
      id: args.planId,
      kind: 'plan',
      name: (row) => row.name,
      select: ctx.db.selectFrom('membership_plans').selectAll(),
      update: (columns) => ctx.db.updateTable('membership_plans').set(columns),
      columns: (values: typeof args.set) =>
        definedOnly({
          name: values.name,
          price: values.price,
          interval: values.interval,
          class_limit: values.classLimit,
          vod_enabled: flagOf(values.vodEnabled),
          active: flagOf(values.active),
        }),
      set: args.set,
      basedOn: args.basedOn,
    });
    return { planId: plan.id };
  },
  audit: (_args, result) => ({ targetId: result.planId }),
});
