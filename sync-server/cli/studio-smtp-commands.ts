import { parseArgs } from 'node:util';
import {
  studioSmtpSettingsSchema,
  type SmtpSettingsValue,
} from '../../src-shared/protocol/studio-smtp-messages';
import { isoAt, systemClock } from '../../src-shared/time/clock';
import { describeIssues } from '../../src-shared/validation/describe-issues';
import { maskSecrets } from '../admin/platform-config';
import { resolveTenantRef } from '../admin/tenant-features-admin';
import {
  clearStudioSmtp,
  readStudioSmtp,
  withStudioSmtpTables,
  writeStudioSmtp,
  type StudioSmtpTransaction,
} from '../automations/studio-smtp';
import { tenantDatabase } from '../db/tenant-database';
import type { CliDatabase } from './cli-database';
import type { PlanCommand } from './plan-commands';
import { UsageError } from './usage-error';

const ARGS = {
  'studio-smtp get': [],
  'studio-smtp set': ['json'],
  'studio-smtp clear': [],
} as const;
type StudioSmtpCommandName = keyof typeof ARGS;

function isStudioSmtpCommand(name: string): name is StudioSmtpCommandName {
  return Object.hasOwn(ARGS, name);
}

/** The studio's settings as typed (`serverctl studio-smtp set … JSON`), checked before opening. */
function parseSettings(jsonText: string): SmtpSettingsValue {
  let value: unknown;
  try {
    value = JSON.parse(jsonText);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`the settings are not JSON (${detail})`);
  }
  const parsed = studioSmtpSettingsSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error, 'settings'));
  return parsed.data;
}

/** One studio's row, in its own tenant transaction (row-level security holds it). */
async function inStudio<T>(
  db: CliDatabase,
  tenant: string,
  work: (trx: StudioSmtpTransaction, tenantId: string) => Promise<T>,
): Promise<{ readonly tenantId: string; readonly result: T }> {
  const tenantId = await resolveTenantRef(db.db, tenant);
  const result = await tenantDatabase(db.db).inTenant(tenantId, (trx) =>
    work(withStudioSmtpTables(trx), tenantId),
  );
  return { tenantId, result };
}

function shown(tenant: string, smtp: SmtpSettingsValue | undefined) {
  const masked = smtp === undefined ? null : maskSecrets(smtp);
  return {
    json: { smtp: masked },
    human:
      smtp === undefined
        ? `${tenant} sends through the platform's smtp.default.`
        : `${tenant} sends through its own server: ${JSON.stringify(masked)}`,
  };
}

/**
 * `serverctl studio-smtp get|set|clear --tenant ID|SLUG` (issue 20, R20.5): a studio's own
 * SMTP server, as its owner sets it from a desk; undefined for another command. The JSON
 * is checked before the database is opened; the password is printed masked.
 */
export function parseStudioSmtpCommand(
  name: string,
  rest: readonly string[],
): PlanCommand | undefined {
  if (!isStudioSmtpCommand(name)) return undefined;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: {
        tenant: { type: 'string' },
        data: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    return { flags: values, run: () => Promise.reject(new Error('help is printed')) };
  }
  if (positionals.length !== ARGS[name].length) {
    throw new UsageError(
      `${name} takes ${ARGS[name].map((a) => `<${a}>`).join(' ') || 'no arguments'}`,
    );
  }
  const tenant = values.tenant;
  if (typeof tenant !== 'string' || tenant.trim() === '') {
    throw new UsageError('--tenant is required');
  }
  switch (name) {
    case 'studio-smtp get':
      return {
        flags: values,
        run: async (_io, db) => {
          const { tenantId, result } = await inStudio(db, tenant, readStudioSmtp);
          const out = shown(tenant, result);
          return { ...out, json: { tenantId, ...out.json } };
        },
      };
    case 'studio-smtp set': {
      const smtp = parseSettings(positionals[0] ?? '');
      return {
        flags: values,
        run: async (_io, db) => {
          const { tenantId } = await inStudio(db, tenant, (trx, id) =>
            writeStudioSmtp(trx, id, smtp, { actorId: null, at: isoAt(systemClock) }),
          );
          const out = shown(tenant, smtp);
          return { ...out, json: { tenantId, ...out.json } };
        },
      };
    }
    case 'studio-smtp clear':
      return {
        flags: values,
        run: async (_io, db) => {
          const { tenantId } = await inStudio(db, tenant, clearStudioSmtp);
          return { json: { tenantId, smtp: null }, human: shown(tenant, undefined).human };
        },
      };
  }
}
