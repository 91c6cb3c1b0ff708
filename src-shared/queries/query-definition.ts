import type { Kysely } from 'kysely';
import type { z } from 'zod';
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
  run(context: QueryContext, args: A): Promise<R>;
}

export function defineQuery<A, R>(definition: QueryDefinition<A, R>): QueryDefinition<A, R> {
  return definition;
}
