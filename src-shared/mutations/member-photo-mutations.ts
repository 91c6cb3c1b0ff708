import { z } from 'zod';
import { found } from './front-desk/desk-rules';
import { DESK_ROLES } from './front-desk/front-desk-roles';
import type { MutationContext } from './mutation-definition';
import { defineMutation } from './mutation-definition';
import { MAX_MEMBER_PHOTO_CHARS, MEMBER_PHOTO_TYPES, photoByteSize } from './member-photo-limits';

/** Base64 in whole groups of four, padded at the end only: what a data URL's payload is. */
const BASE64_DATA_URL =
  /^data:image\/(?:jpeg|png);base64,(?=[A-Za-z0-9+/])(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The file's own first bytes say what it is: a PNG sent as a JPEG, or text, is refused. */
function startsLikeItsType(dataUrl: string): boolean {
  return Object.entries(MEMBER_PHOTO_TYPES).some(
    ([prefix, magic]) => dataUrl.startsWith(prefix) && dataUrl.startsWith(magic, prefix.length),
  );
}

const photoDataUrl = z
  .string()
  .max(MAX_MEMBER_PHOTO_CHARS, 'the photo is too large: choose it again to shrink it')
  .regex(BASE64_DATA_URL, 'must be a JPEG or PNG picture (data:image/jpeg;base64,…)')
  .refine(startsLikeItsType, 'is not the JPEG or PNG picture it says it is');

/** The member named, in this studio: a photo is never kept for a member the desk lacks. */
async function requireMember(ctx: MutationContext, memberId: string): Promise<void> {
  found(
    await ctx.db
      .selectFrom('tenant_members')
      .select('id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', memberId)
      .executeTakeFirst(),
    `member ${memberId}`,
  );
}

/**
 * Gives a member their photo, or a new one (issue 17 item 3). Who may is who may change a
 * member's details (member.update). Two desks that change it offline: the later to reach
 * the server stands. Audited with its size, not its picture: the chain stays small.
 */
export const setMemberPhoto = defineMutation({
  name: 'member.setPhoto',
  description: 'Gives a member a photo the desk shows at check-in, replacing any before.',
  args: z.strictObject({ memberId: z.uuid(), dataUrl: photoDataUrl }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    await requireMember(ctx, args.memberId);
    const photo = {
      data_url: args.dataUrl,
      byte_size: photoByteSize(args.dataUrl),
      updated_at: ctx.at,
    };
    await ctx.db
      .insertInto('member_photos')
      .values({ tenant_id: ctx.tenantId, member_id: args.memberId, ...photo })
      .onConflict((conflict) => conflict.columns(['tenant_id', 'member_id']).doUpdateSet(photo))
      .execute();
    return { memberId: args.memberId, byteSize: photo.byte_size, updatedAt: ctx.at };
  },
  audit: (args, result) => ({
    targetId: args.memberId,
    details: { memberId: args.memberId, byteSize: result.byteSize },
  }),
});

/** Takes a member's photo away; a member without one is left as they are. */
export const removeMemberPhoto = defineMutation({
  name: 'member.removePhoto',
  description: 'Removes a member’s photo.',
  args: z.strictObject({ memberId: z.uuid() }),
  roles: DESK_ROLES,
  async run(ctx, args) {
    await requireMember(ctx, args.memberId);
    const deleted = await ctx.db
      .deleteFrom('member_photos')
      .where('tenant_id', '=', ctx.tenantId)
      .where('member_id', '=', args.memberId)
      .executeTakeFirst();
    return { memberId: args.memberId, removed: deleted.numDeletedRows > 0n };
  },
  audit: (args, result) => ({
    targetId: args.memberId,
    details: { memberId: args.memberId, removed: result.removed },
  }),
});

/** The member photo mutations, for the shared registry. */
export const memberPhotoMutations = [setMemberPhoto, removeMemberPhoto] as const;
