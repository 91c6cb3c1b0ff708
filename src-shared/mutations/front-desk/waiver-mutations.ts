import { z } from 'zod';
import { defineMutation, MutationRefusal } from '../mutation-definition';
import { deskOnly, found } from './desk-rules';
import { DESK_ROLES, hasAnyRole, WAIVER_SIGN_ROLES } from './front-desk-roles';
import { MAX_SIGNATURE_CHARS } from './signature-limits';

export const signWaiver = defineMutation({
  name: 'waiver.sign',
  description: 'Records a member’s signature of a waiver (an image data URL or the typed name).',
  args: z.strictObject({
    templateId: z.uuid(),
    memberId: z.uuid(),
    signature: z.string().trim().min(1).max(200_000),
  }),
  roles: WAIVER_SIGN_ROLES,
  async run(ctx, args) {
    const signatureId = ctx.newId();
    deskOnly(
      ctx,
      args.signature.length <= MAX_SIGNATURE_CHARS,
      `the signature is ${args.signature.length} characters; at most ${MAX_SIGNATURE_CHARS} are kept: sign again`,
      'invalid',
    );
    if (!hasAnyRole(ctx.actor, DESK_ROLES) && ctx.actor.memberId !== args.memberId) {
      throw new MutationRefusal('forbidden', 'a member signs only their own waivers');
    }
    const template = found(
      await ctx.db
        .selectFrom('waiver_templates')
        .select(['title', 'active'])
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', args.templateId)
        .executeTakeFirst(),
      `waiver ${args.templateId}`,
    );
    deskOnly(ctx, template.active === 1, `${template.title} is no longer in use`);
    found(
      await ctx.db
        .selectFrom('tenant_members')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', args.memberId)
        .executeTakeFirst(),
      `member ${args.memberId}`,
    );
    await ctx.db
      .insertInto('waiver_signatures')
      .values({
        id: signatureId,
        tenant_id: ctx.tenantId,
        template_id: args.templateId,
        member_id: args.memberId,
        signed_at: ctx.at,
        signature: args.signature,
        device_id: ctx.deviceId,
      })
      .execute();
    return { signatureId };
  },
});
