import { z } from 'zod';
import { MANAGER_ROLES } from '../../mutations/front-desk/front-desk-roles';
import { verifyAuditChain, type AuditChainProblem } from '../../audit/audit-chain';
import { memberNames } from '../front-desk/member-names';
import { defineQuery, type QueryContext, type QueryDefinition } from '../query-definition';
import { auditFindArgs, instantRange } from './audit-find-args';

/** The audit log is for owners and managers: the desk checks before it runs a query. */
const AUDIT_VIEWER_ROLES = MANAGER_ROLES;

/** The change in one line: `price: 1500, name: Riverside`, nested values as JSON, cut short. */
export function summariseDetails(details: unknown, maxLength = 160): string {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    // A damaged row's text as it stands; any other JSON value as JSON.
    return typeof details === 'string' ? details : JSON.stringify(details);
  }
  const parts = Object.entries(details as Record<string, unknown>).map(
    ([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  const text = parts.join(', ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function parseDetails(details: string): unknown {
  try {
    return JSON.parse(details) as unknown;
  } catch {
    // A row damaged outside the product still lists; verify names it.
    return details;
  }
}

export const auditFind = defineQuery({
  name: 'audit.find',
  description:
    'The audit log, newest first, filtered by time, action or area, staff member and subject; pages of up to 500 with a cursor.',
  args: auditFindArgs,
  roles: AUDIT_VIEWER_ROLES,
  async run(context: QueryContext, args) {
    const { db, tenantId } = context;
    const range = await instantRange(context, args.from, args.to);
    let query = db
      .selectFrom('audit_logs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(args.limit + 1);
    if (range.from) query = query.where('created_at', '>=', range.from);
    if (range.until) query = query.where('created_at', '<', range.until);
    if (args.action) query = query.where('action', '=', args.action);
    if (args.area) {
      // substr, not LIKE: SQLite's LIKE ignores case, Postgres' does not.
      const prefix = `${args.area}.`;
      query = query.where((eb) =>
        eb(eb.fn('substr', ['action', eb.lit(1), eb.lit(prefix.length)]), '=', prefix),
      );
    }
    if (args.actorId) query = query.where('actor_id', '=', args.actorId);
    if (args.subjectId) query = query.where('target_id', '=', args.subjectId);
    if (args.before) {
      const [at = '', id = ''] = args.before.split('|');
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
      );
    }
    const rows = await query.execute();
    const page = rows.slice(0, args.limit);
    const names = await memberNames(
      db,
      tenantId,
      page.map((r) => r.actor_id),
    );
    const last = page.at(-1);
    return {
      entries: page.map((row) => {
        const details = parseDetails(row.details);
        return {
          id: row.id,
          at: row.created_at,
          action: row.action,
          area: row.action.slice(0, Math.max(0, row.action.indexOf('.'))),
          actorId: row.actor_id,
          actorName: row.actor_id === null ? null : (names.get(row.actor_id) ?? null),
          deviceId: row.device_id,
          subjectId: row.target_id,
          details,
          summary: summariseDetails(details),
          chainSeq: row.chain_seq,
          hash: row.hash,
        };
      }),
      next: rows.length > args.limit && last ? `${last.created_at}|${last.id}` : null,
    };
  },
});

export const auditFilters = defineQuery({
  name: 'audit.filters',
  description: 'The actions and the staff members that appear in the audit log, for its filters.',
  args: z.strictObject({}),
  roles: AUDIT_VIEWER_ROLES,
  async run(context: QueryContext) {
    const { db, tenantId } = context;
    const actions = await db
      .selectFrom('audit_logs')
      .select('action')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .orderBy('action')
      .execute();
    const actors = await db
      .selectFrom('audit_logs')
      .select('actor_id')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .where('actor_id', 'is not', null)
      .execute();
    const names = await memberNames(
      db,
      tenantId,
      actors.map((a) => a.actor_id),
    );
    const actionNames = actions.map((a) => a.action);
    return {
      actions: actionNames,
      areas: [...new Set(actionNames.map((a) => a.slice(0, a.indexOf('.'))).filter(Boolean))],
      staff: actors
        .flatMap((a) =>
          a.actor_id === null
            ? []
            : [{ memberId: a.actor_id, name: names.get(a.actor_id) ?? a.actor_id }],
        )
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  },
});

/** At most this many problems travel to the screen; `problemCount` says how many there were. */
const PROBLEMS_SHOWN = 50;

export const auditChainReport = defineQuery({
  name: 'audit.chainReport',
  description:
    "Recomputes the studio's audit hash chain over this copy: entries checked, the head, and each altered, missing or re-linked entry.",
  args: z.strictObject({}),
  roles: AUDIT_VIEWER_ROLES,
  async run(context: QueryContext) {
    const { db, tenantId } = context;
    const verification = await verifyAuditChain(db, tenantId);
    // Entries written before the chain existed carry no position and are not in it.
    const unchained = await db
      .selectFrom('audit_logs')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('chain_seq', 'is', null)
      .executeTakeFirstOrThrow();
    const shown: readonly AuditChainProblem[] = verification.problems.slice(0, PROBLEMS_SHOWN);
    const ids = shown.flatMap((p) => (p.entryId === null ? [] : [p.entryId]));
    const entries =
      ids.length === 0
        ? []
        : await db
            .selectFrom('audit_logs')
            .select(['id', 'action', 'created_at', 'target_id'])
            .where('tenant_id', '=', tenantId)
            .where('id', 'in', ids)
            .execute();
    const byId = new Map(entries.map((e) => [e.id, e]));
    return {
      ok: verification.ok,
      checked: verification.entries,
      unchained: Number(unchained.n),
      head: verification.head,
      problemCount: verification.problems.length,
      problems: shown.map((p) => {
        const entry = p.entryId === null ? undefined : byId.get(p.entryId);
        return {
          chainSeq: p.chainSeq,
          entryId: p.entryId,
          problem: p.problem,
          action: entry?.action ?? null,
          at: entry?.created_at ?? null,
          subjectId: entry?.target_id ?? null,
        };
      }),
    };
  },
});

/** The studio's audit log, read and verified at the desk (issue 19). */
export const auditQueries = [
  auditFind,
  auditFilters,
  auditChainReport,
] as const satisfies readonly QueryDefinition[];
