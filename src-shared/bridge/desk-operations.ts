/**
 * The desk's named operations as callers see them: each call's arguments and result derived
 * from the one shared definition of the mutation or query (src-shared/mutations, queries),
 * never written again elsewhere. Type-only imports of the definitions: nothing of their code
 * (or zod) reaches the renderer's bundle through this file.
 */
import type { z } from 'zod';
import type { allMutations } from '../mutations/all-mutations';
import type { allQueries } from '../queries/all-queries';
import type { DeskBridge } from './desk-bridge';

type DefinedMutations = (typeof allMutations)[number];
type DefinedQueries = (typeof allQueries)[number];

/** Every registered mutation's name. */
export type MutationName = DefinedMutations['name'];
type MutationNamed<N extends MutationName> = Extract<DefinedMutations, { readonly name: N }>;

/** What a caller sends: the input of the mutation's schema (defaulted fields optional). */
export type MutationArgs<N extends MutationName> = z.input<MutationNamed<N>['args']>;
/** What the mutation's body returns at the desk. */
export type MutationResult<N extends MutationName> = Awaited<ReturnType<MutationNamed<N>['run']>>;

/** Every registered query's name. */
export type QueryName = DefinedQueries['name'];
type QueryNamed<N extends QueryName> = Extract<DefinedQueries, { readonly name: N }>;

export type QueryArgs<N extends QueryName> = z.input<QueryNamed<N>['args']>;
export type QueryResult<N extends QueryName> = Awaited<ReturnType<QueryNamed<N>['run']>>;

/** `desk.mutate`'s answer for the mutation named N: its outbox seq and id, and its result. */
export interface MutationReply<N extends MutationName> {
  readonly seq: number;
  readonly mutationId: string;
  readonly result: MutationResult<N>;
}

/** `desk.mutate` and `desk.query` over a bridge, typed by the operation named. */
export interface DeskOperations {
  readonly mutate: <N extends MutationName>(
    name: N,
    args: MutationArgs<N>,
  ) => Promise<MutationReply<N>>;
  readonly query: <N extends QueryName>(name: N, args: QueryArgs<N>) => Promise<QueryResult<N>>;
}

/**
 * Typed calls of the desk's operations. The desk validates `args` against the definition
 * named and answers with what that definition returned: the one place the bridge's untyped
 * reply is read as the operation's type.
 */
export function deskOperations(bridge: DeskBridge): DeskOperations {
  return {
    mutate: async <N extends MutationName>(
      name: N,
      args: MutationArgs<N>,
    ): Promise<MutationReply<N>> => {
      const reply = await bridge.invoke('desk.mutate', { name, args });
      return reply as MutationReply<N>;
    },
    query: async <N extends QueryName>(name: N, args: QueryArgs<N>): Promise<QueryResult<N>> => {
      const value = await bridge.invoke('desk.query', { name, args });
      return value as QueryResult<N>;
    },
  };
}
