import { z } from 'zod';
import { defineMutation } from '../mutation-definition';
import { MANAGER_ROLES } from '../front-desk/front-desk-roles';
import { tenantRow } from '../tenant-row';

const titleSchema = z.string().trim().min(1).max(200);
/** The waiver's text as members read it before signing. */
const bodySchema = z.string().trim().min(1).max(50_000);

export const createWaiverTemplate = defineMutation({
  name: 'waiver.createTemplate',
  description:
    'Adds a waiver members sign; a required one blocks check-in until signed (or overridden).',
  args: z.strictObject({ title: titleSchema, body: bodySchema, required: z.boolean() }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const templateId = ctx.newId();
    await ctx.db
      .insertInto('waiver_templates')
      .values({
        id: templateId,
        tenant_id: ctx.tenantId,
        title: args.title,
        body: args.body,
        required: args.required ? 1 : 0,
        active: 1,
        version: 1,
        created_at: ctx.at,
      })
      .execute();
    return { templateId, version: 1 };
  },
  // The body can run to pages: the entry names the title and the version it made.
  audit: (args, result) => ({
    targetId: result.templateId,
    details: { title: args.title, version: result.version },
  }),
});

/**
 * A changed waiver is a new template row, one version up, and the old one stops being in use.
 * Signatures name the template they signed, and the check-in gate asks only for active ones
 * (waiver-gate.ts), so every member must sign the new version; the old signatures stay as
 * the record of what was signed then.
 *
 * Two desks that each published a new version of one waiver offline both stand at the
 * server: the later finds the old version already replaced, keeps its own, and the owner
 * gets an 'edit_conflict' review item naming the old template, to retire the one not wanted.
 */
export const newWaiverVersion = defineMutation({
  name: 'waiver.newVersion',
  description:
    'Publishes a new version of a waiver; the old one is retired and members sign the new one.',
  args: z.strictObject({
    templateId: z.uuid(),
    title: titleSchema.optional(),
    body: bodySchema,
    required: z.boolean().optional(),
  }),
  roles: MANAGER_ROLES,
  async run(ctx, args) {
    const templateId = ctx.newId();
    const old = await tenantRow(
      ctx.db,
      ctx.tenantId,
      'waiver_templates',
      args.templateId,
      'waiver',
    );
    // NULL: a template from before versions, which is version 1.
    const version = (old.version ?? 1) + 1;
    await ctx.require(old.active === 1, {
      kind: 'edit_conflict',
      message: `${old.title} version ${old.version ?? 1} was already replaced elsewhere; version ${version} is in use as well`,
      subjectId: old.id,
    });
    await ctx.db
      .updateTable('waiver_templates')
      .set({ active: 0 })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', old.id)
      .execute();
    await ctx.db
      .insertInto('waiver_templates')
      .values({
        id: templateId,
        tenant_id: ctx.tenantId,
        title: args.title ?? old.title,
        body: args.body,
        required: args.required === undefined ? old.required : args.required ? 1 : 0,
        active: 1,
        version,
        created_at: ctx.at,
      })
      .execute();
    return { templateId, version };
  },
  // The body can run to pages: the entry names the title and the version it made.
  audit: (args, result) => ({
    targetId: result.templateId,
    details: { title: args.title ?? null, version: result.version },
  }),
});
