import { z } from 'zod';
import { verifyAuditChain } from '../../audit/audit-chain';
import { defineQuery } from '../query-definition';

export const verifyAudit = defineQuery({
  name: 'audit.verify',
  description:
    'Recomputes the studio’s audit hash chain; names any entry changed, removed or out of place.',
  args: z.strictObject({
    /** A head recorded elsewhere (a printed Z report): reveals entries cut off the end. */
    expectedHead: z
      .strictObject({ chainSeq: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) })
      .optional(),
  }),
  run: ({ db, tenantId }, { expectedHead }) => verifyAuditChain(db, tenantId, expectedHead),
});

export const auditEntries = defineQuery({
  name: 'audit.list',
  description: 'The newest audit entries: refunds, voids, overrides, drawer opens and closes.',
  args: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
  async run({ db, tenantId }, { limit }) {
    const rows = await db
      .selectFrom('audit_logs')
      .select([
        'id',
        'chain_seq',
        'action',
        'actor_id',
        'device_id',
        'target_id',
        'details',
        'created_at',
      ])
      .where('tenant_id', '=', tenantId)
      .orderBy('chain_seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as unknown }));
  },
});
