import { MutationRefusal, type MutationContext, type RefusalCode } from '../mutation-definition';

/**
 * A check the desk makes against its own copy, for which the server has nothing to add:
 * the desk refuses, the server accepts what the desk already judged (a coupon deactivated
 * or a price changed after the sale does not undo the sale). Rules whose breach the owner
 * must see go through `ctx.require` instead, which raises a review item at the server.
 */
export function deskOnly(
  ctx: MutationContext,
  holds: boolean,
  message: string,
  code: RefusalCode = 'rule',
): void {
  if (!holds && ctx.side === 'desk') throw new MutationRefusal(code, message);
}

/** A row the arguments name must exist on both sides: the desk only names synced rows. */
export function found<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new MutationRefusal('not_found', `${what} does not exist`);
  return row;
}

/** Draws ids in a fixed count, so a data-dependent branch never shifts later ids (R1.3). */
export function takeIds(ctx: MutationContext, count: number): string[] {
  return Array.from({ length: count }, () => ctx.newId());
}
