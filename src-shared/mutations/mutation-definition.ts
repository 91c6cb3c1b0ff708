import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { JsonValue } from '../audit/canonical-json';
import type { Database } from '../schema/catalog';
import type { IsoTimestamp } from '../schema/column-spec';

/** Roles a tenant member can hold (tenant_roles.role). */
export type TenantRole = Database['tenant_roles']['role'];

export const STAFF_ROLES = [
  'owner',
  'manager',
  'front_desk',
  'instructor',
] as const satisfies readonly TenantRole[];

/** Where a mutation is running: first at the desk, then again at the server. */
export type MutationSide = 'desk' | 'server';

/** A rule the server found broken when it re-ran a desk's mutation (PRODUCT.md offline policy). */
export interface RuleBreach {
  readonly kind: Database['review_items']['kind'];
  readonly message: string;
  readonly memberId?: string | null;
  readonly amount?: number | null;
  /** The record that broke the rule: gift card, pack, product, class or subscription id. */
  readonly subjectId?: string | null;
  /**
   * The desks and staff whose earlier movements on the subject led to the breach (R9.4).
   * Read only when the server records the breach; the review item always names the desk and
   * actor of the mutation that broke the rule as well.
   */
  readonly parties?: () => Promise<readonly BreachParty[]>;
}

/** Who made a recorded movement; NULL where the row does not say (rows older than R9.4). */
export interface BreachParty {
  readonly deviceId: string | null;
  readonly actorId: string | null;
}

export interface MutationActor {
  readonly memberId: string;
  readonly roles: readonly TenantRole[];
}

/**
 * Everything a mutation body may touch. The tenant, actor and device come from the
 * authenticated session, never from the arguments.
 */
export interface MutationContext {
  /** The open transaction; the body's writes commit or roll back with its bookkeeping. */
  readonly db: Kysely<Database>;
  readonly side: MutationSide;
  readonly tenantId: string;
  readonly deviceId: string;
  readonly actor: MutationActor;
  /** The call's id, born at the desk (R1.2): a row that records which mutation made it. */
  readonly mutationId: string;
  /** When the desk ran the mutation: the business time of the sale or check-in. */
  readonly at: IsoTimestamp;
  /** Ids for new rows: derived from the mutation's id, so desk and server create the same ids. */
  newId(): string;
  /**
   * States a business rule. At the desk a breach refuses the mutation; at the server the
   * fact is recorded anyway and a review item is raised for the owner.
   */
  require(holds: boolean, breach: RuleBreach): Promise<void>;
}

/**
 * A tender a mutation takes money with, as the desk host checks it before the mutation runs:
 * a card tender is recorded only with a PaymentIntent this desk saw captured (R8.2).
 */
export interface TenderTaken {
  readonly method: string;
  readonly paymentIntentId?: string;
}

/**
 * What a mutation does beyond its rows, declared with it so no host keeps its own list of
 * names: the money it takes and whether it moves cash through the drawer. Read by the desk
 * host around the call (the server has no drawer and no card reader).
 */
export interface MutationEffects<A, R> {
  /** The tenders the call takes money with; a card one must name a captured intent. */
  takesPayment?(args: A): readonly TenderTaken[];
  /** Whether the committed call put cash into the drawer or took some out: it is opened. */
  movesCash?(args: A, result: R): boolean;
}

/** What an audited call records besides its name, actor, desk and time. */
export interface AuditedChange {
  /** The record changed: a product, staff member, location, class… */
  readonly targetId: string | null;
  /** Defaults to the call's arguments without secrets (PIN hashes). */
  readonly details?: { readonly [key: string]: JsonValue };
}

/** A named write, defined once and run on both databases. */
export interface MutationDefinition<A = unknown, R = unknown> {
  readonly name: string;
  readonly description: string;
  /** Strict schema: unknown fields and wrong types are refused, never coerced. */
  readonly args: z.ZodType<A>;
  readonly roles: readonly TenantRole[];
  /**
   * Writes tenant_members or tenant_roles, so it may change who is active staff: the server
   * stops trusting the roles it read for the rest of a push batch after applying it.
   */
  readonly changesStaff?: true;
  /** NoInfer: a mutation's result type is what `run` returns, never what an effect reads. */
  readonly effects?: MutationEffects<A, NoInfer<R>>;
  /**
   * Makes, at the desk and on its copy, a choice the arguments left open (how a check-in is
   * paid), in the mutation's transaction and before `run`. The arguments it returns are the
   * ones `run` gets and the outbox records, so the server re-runs the desk's choice instead
   * of choosing again on newer data (R1.7). Never called at the server.
   */
  chooseAtDesk?(context: MutationContext, args: A): Promise<A>;
  /**
   * Makes every call an entry in the studio's audit chain, its action the mutation's name:
   * the console's changes to staff, catalogue, classes and settings are answerable to
   * "who changed this, from which desk, when". Appended after `run` in the same transaction,
   * so a refused call leaves no entry.
   */
  audit?(args: A, result: NoInfer<R>): AuditedChange;
  run(context: MutationContext, args: A): Promise<R>;
}

/**
 * A definition as `defineMutation` returns it: its name and argument schema keep their own
 * types, from which screens and hosts derive the arguments and result of a call
 * (`MutationArgs<'pos.sale'>`), so an operation is declared only here.
 */
export type DefinedMutation<N extends string, S extends z.ZodType, R> = MutationDefinition<
  z.output<S>,
  R
> & {
  readonly name: N;
  readonly args: S;
};

export function defineMutation<const N extends string, S extends z.ZodType, R>(
  definition: DefinedMutation<N, S, R>,
): DefinedMutation<N, S, R> {
  return definition;
}

/**
 * What a check-in needs before it can be made, refused at the desk with nothing written so
 * staff can act on it: sign or override a waiver, sell a drop-in (or a pack), or waitlist.
 */
export type CheckInRefusalCode = 'waiver_missing' | 'payment_needed' | 'class_full';

export type RefusalCode =
  | 'invalid'
  | 'forbidden'
  | 'unknown_mutation'
  | 'unknown_query'
  | 'not_found'
  | 'rule'
  /** The studio's plan leaves out the feature the mutation belongs to (R19). */
  | 'not_in_plan'
  | CheckInRefusalCode;

/** A mutation that must not take effect; `code` says why, `message` says what to do. */
export class MutationRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'MutationRefusal';
  }
}
