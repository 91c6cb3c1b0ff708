import { parseArgs } from 'node:util';
import {
  getPlatformConfigEntry,
  listPlatformConfig,
  maskSecrets,
  parsePlatformConfigText,
  writePlatformConfig,
  type PlatformConfigEntry,
  type PlatformConfigInput,
} from '../admin/platform-config';
import { AdminError } from '../admin/admin-error';
import {
  listTenantFeatures,
  requireFeatureKey,
  resolveTenantRef,
  setTenantFeature,
} from '../admin/tenant-features-admin';
import type { FeatureKey } from '../../src-shared/features/feature-catalogue';
import type { CliDatabase } from './cli-database';
import { UsageError } from './usage-error';

type Flags = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
type Output = { json: unknown; human: string };

/** A parsed `features …` or `config …` command, shaped as serverctl's other commands. */
export interface PlanCommand {
  readonly flags: Flags;
  run(io: unknown, db: CliDatabase): Promise<Output>;
}

const PLAN_COMMANDS = {
  'features list': { tenant: true, args: [] },
  'features set': { tenant: true, args: ['feature', 'on|off'] },
  'config list': { tenant: false, args: [] },
  'config get': { tenant: false, args: ['key'] },
  'config set': { tenant: false, args: ['key', 'json'] },
} as const;
type PlanCommandName = keyof typeof PLAN_COMMANDS;

function isPlanCommand(name: string): name is PlanCommandName {
  return Object.hasOwn(PLAN_COMMANDS, name);
}

/** The command's flags and its positional arguments, exactly as many as it takes. */
function parse(name: PlanCommandName, rest: readonly string[]) {
  const spec = PLAN_COMMANDS[name];
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: {
        data: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...(spec.tenant ? { tenant: { type: 'string' } } : {}),
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { values, args: [], tenant: '' };
  if (positionals.length !== spec.args.length) {
    const wanted = spec.args.map((a) => `<${a}>`).join(' ');
    throw new UsageError(`${name} takes ${wanted || 'no arguments'}`);
  }
  const tenant = values.tenant;
  if (spec.tenant && (typeof tenant !== 'string' || tenant.trim() === '')) {
    throw new UsageError('--tenant is required');
  }
  return { values, args: positionals, tenant: typeof tenant === 'string' ? tenant : '' };
}

/** A refusal that needs no database is a usage error: exit 2, nothing opened. */
function beforeOpening<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof AdminError) throw new UsageError(error.message);
    throw error;
  }
}

function configLine(entry: PlatformConfigEntry): string {
  return `${entry.key}${entry.enabled ? '' : ' (off)'} = ${JSON.stringify(entry.value)}`;
}

function featuresList(tenant: string): PlanCommand['run'] {
  return async (_io, db) => {
    const tenantId = await resolveTenantRef(db.db, tenant);
    const features = await listTenantFeatures({ db: db.db }, tenantId);
    const lines = features.map((f) => `${f.key.padEnd(14)} ${f.enabled ? 'on' : 'off'}`);
    return { json: { tenantId, features }, human: lines.join('\n') };
  };
}

function featuresSet(tenant: string, key: FeatureKey, enabled: boolean): PlanCommand['run'] {
  return async (_io, db) => {
    const tenantId = await resolveTenantRef(db.db, tenant);
    const { changed } = await setTenantFeature({ db: db.db }, tenantId, key, enabled);
    const state = enabled ? 'on' : 'off';
    return {
      json: { tenantId, key, enabled, changed },
      human: changed
        ? `${key} is now ${state} for ${tenant}; its desks hear of it at their next sync.`
        : `${key} was already ${state} for ${tenant}.`,
    };
  };
}

function configSet(input: PlatformConfigInput): PlanCommand['run'] {
  return async (_io, db) => {
    const stored = maskSecrets(await writePlatformConfig(db.db, input.key, input.value));
    return {
      json: { key: input.key, value: stored },
      human: `${input.key} = ${JSON.stringify(stored)}`,
    };
  };
}

/**
 * `serverctl features list|set` and `serverctl config list|get|set` (issue 20), or
 * undefined for another command. `name` is the command's first two words. Every check that
 * needs no database happens here (a feature or setting unknown, JSON or a value refused);
 * the rest (an unknown studio) in the services. Secrets are printed masked.
 */
export function parsePlanCommand(name: string, rest: readonly string[]): PlanCommand | undefined {
  if (!isPlanCommand(name)) return undefined;
  const { values, args, tenant } = parse(name, rest);
  const helpOnly: PlanCommand['run'] = () => Promise.reject(new Error('help is printed'));
  if (values.help === true) return { flags: values, run: helpOnly };
  const [first = '', second = ''] = args;
  switch (name) {
    case 'features list':
      return { flags: values, run: featuresList(tenant) };
    case 'features set': {
      const key = beforeOpening(() => requireFeatureKey(first));
      if (second !== 'on' && second !== 'off') throw new UsageError('the state is on or off');
      return { flags: values, run: featuresSet(tenant, key, second === 'on') };
    }
    case 'config list':
      return {
        flags: values,
        run: async (_io, db) => {
          const entries = await listPlatformConfig(db.db);
          return {
            json: { settings: entries },
            human: entries.map(configLine).join('\n') || 'No platform settings are set.',
          };
        },
      };
    case 'config get':
      return {
        flags: values,
        run: async (_io, db) => {
          const entry = await getPlatformConfigEntry(db.db, first);
          return entry === undefined
            ? { json: { key: first, value: null }, human: `${first} is not set.` }
            : { json: entry, human: configLine(entry) };
        },
      };
    case 'config set':
      return {
        flags: values,
        run: configSet(beforeOpening(() => parsePlatformConfigText(first, second))),
      };
  }
}
