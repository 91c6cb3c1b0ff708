import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { TenantRole } from '../mutations/mutation-definition';
import type { Database } from '../schema/catalog';

export interface QueryContext {
  readonly db: Kysely<Database>;
  readonly tenantId: string;
}

/** A named read, validated like a mutation's arguments; screens and deskctl call these. */
export interface QueryDefinition<A = unknown, R = unknown> {
  readonly name: string;
  readonly description: string;
  readonly args: z.ZodType<A>;
  /**
   * Who may ask, when not every staff member may (the owner's reports, the audit log). The
   * desk checks the signed-in staff member's roles before it runs the query.
   */
  readonly roles?: readonly TenantRole[];
  run(context: QueryContext, args: A): Promise<R>;
}

/** A definition as `defineQuery` returns it: name and schema keep their types for callers. */
export type DefinedQuery<N extends string, S extends z.ZodType, R> = QueryDefinition<
  z.output<S>,
  R
> & {
  readonly name: N;
  readonly args: S;
};

export function defineQuery<const N extends string, S extends z.ZodType, R>(
  definition: DefinedQuery<N, S, R>,
): DefinedQuery<N, S, R> {
  return definition;
}
