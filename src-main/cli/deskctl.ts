import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hostname } from 'node:os';
import { z } from 'zod';
import { allMutations } from '../../src-shared/mutations/all-mutations';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import { isoAt } from '../../src-shared/time/clock';
import { DESK_DATABASE_FILE, openDesk, requireIdentity, type Desk } from '../store/open-desk';
import { enrollDesk } from '../sync/enrollment';
import { exportDeskData } from '../store/export-desk-data';
import { runDeskMutation } from '../operations/run-mutation';
import { runDeskQuery } from '../operations/run-query';
import { deskStatus, dismissProblem } from '../sync/sync-status';
import { syncOnce } from '../sync/sync-engine';
import { repairTables, verifyDesk } from '../sync/verify-and-repair';
import { runDriftCheck } from '../sync/drift-check';
import { recordingPulledTables } from '../sync/drift-ledger';
import { currentStaff, signInStaff, signOutStaff, SignInError } from '../staff/staff-sign-in';
import {
  createHttpTransport,
  SyncOfflineError,
  SyncServerError,
  type SyncTransport,
} from '../sync/sync-transport';
import { ignoreClosedPipes } from './closed-pipe';
import { mutationArguments, queryArguments, UsageError } from './deskctl-input';

const USAGE = `deskctl --data DIR <command> [options]

  enroll --server URL --code CODE [--name NAME]   join a studio with a one-time code
  login (--email EMAIL | --member ID) --pin PIN   sign a staff member in at this desk
  logout                                          sign the staff member out
  do <mutation> --json ARGS                       run a mutation locally (works offline)
  query <name> --json ARGS                        run a named read on the local copy
  mutations                                       list every mutation with its JSON schema
  sync                                            push and pull once, then check what changed
  status                                          pending count, last sync, problems, drift
  dismiss --seq N                                 stop showing a refused mutation
  verify [--repair]                               compare checksums with the server
  export --out DIR                                write the local data as JSON Lines files`;

/** Every mutation with its argument schema; needs no desk. */
const listMutations = () =>
  allMutations.map((m) => ({
    name: m.name,
    description: m.description,
    roles: m.roles,
    schema: z.toJSONSchema(m.args, { io: 'input' }),
  }));

function transportFor(desk: Desk): SyncTransport {
  const identity = requireIdentity(desk);
  return createHttpTransport(identity.serverUrl, () => identity.deviceToken);
}

async function signedInStaff(desk: Desk): Promise<string> {
  const memberId = await currentStaff(desk);
  if (!memberId)
    throw new UsageError('no staff member is signed in: run `deskctl login --email … --pin …`');
  return memberId;
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const progress = (p: { phase: string; done: number; total: number }) =>
  process.stderr.write(`${p.phase}: ${p.done}/${p.total}\n`);

type Options = Record<string, string | boolean | undefined>;
type Command = (desk: Desk, positionals: string[], options: Options) => Promise<unknown>;

const text = (options: Options, name: string): string | undefined => {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
};

const commands: Record<string, Command> = {
  enroll: async (desk, _p, o) => {
    const server = text(o, 'server');
    const code = text(o, 'code');
    if (!server || !code) throw new UsageError('enroll needs --server URL and --code CODE');
    if (!URL.canParse(server)) throw new UsageError(`--server is not a URL: ${server}`);
    const identity = await enrollDesk(desk, server, code, text(o, 'name') ?? hostname());
    const report = await syncOnce(desk, transportFor(desk), { onProgress: progress });
    return { deviceId: identity.deviceId, tenant: identity.tenantName, rows: report.pulledRows };
  },
  login: async (desk, _p, o) => {
    const pin = text(o, 'pin');
    const email = text(o, 'email');
    const member = text(o, 'member');
    if (!pin || (!email && !member))
      throw new UsageError('login needs --pin and --email or --member');
    return {
      memberId: await signInStaff(
        desk,
        member ? { memberId: member } : { email: email ?? '' },
        pin,
      ),
    };
  },
  logout: async (desk) => {
    await signOutStaff(desk);
    return { signedOut: true };
  },
  do: async (desk, [name], o) => {
    if (!name) throw new UsageError('do needs a mutation name (see `deskctl mutations`)');
    const args = mutationArguments(name, text(o, 'json'));
    return runDeskMutation(desk, await signedInStaff(desk), name, args);
  },
  query: async (desk, [name], o) => {
    if (!name) throw new UsageError('query needs a query name');
    return runDeskQuery(desk, name, queryArguments(name, text(o, 'json')), 'command-line');
  },
  sync: async (desk) => {
    // The tables this sync touches are then compared with the server's (R6.4).
    const transport = recordingPulledTables(desk, transportFor(desk));
    const report = await syncOnce(desk, transport, { onProgress: progress });
    const log = (message: string) => process.stderr.write(`${message}\n`);
    // The sync itself succeeded: a check that fails is reported, not made the sync's failure.
    const drift = await runDriftCheck(desk, transport, { log, onProgress: progress }).catch(
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    return { ...report, drift };
  },
  status: async (desk) => deskStatus(desk),
  dismiss: async (desk, _p, o) => {
    const seq = Number(text(o, 'seq'));
    if (!Number.isInteger(seq) || seq < 1) throw new UsageError('dismiss needs --seq N');
    return { dismissed: await dismissProblem(desk, seq, isoAt(desk.clock)) };
  },
  verify: async (desk, _p, o) => {
    const transport = transportFor(desk);
    const report = await verifyDesk(desk, transport);
    if (!report.matches && o['repair'] === true) {
      await repairTables(
        desk,
        transport,
        report.mismatched.map((m) => m.table),
      );
      return {
        repaired: report.mismatched.map((m) => m.table),
        after: await verifyDesk(desk, transport),
      };
    }
    return report;
  },
  export: async (desk, _p, o) => {
    const out = text(o, 'out');
    if (!out) throw new UsageError('export needs --out DIR');
    return exportDeskData(desk, out);
  },
};

export async function deskctl(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' },
        server: { type: 'string' },
        code: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        member: { type: 'string' },
        pin: { type: 'string' },
        json: { type: 'string' },
        seq: { type: 'string' },
        out: { type: 'string' },
        repair: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(
      `deskctl: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`,
    );
    return 2;
  }
  const [commandName, ...rest] = parsed.positionals;
  if (commandName === 'mutations') {
    print(listMutations());
    return 0;
  }
  const command = commandName ? commands[commandName] : undefined;
  if (parsed.values.help || !command || !parsed.values.data) {
    const problem = !parsed.values.data
      ? '--data DIR is required'
      : commandName
        ? `unknown command "${commandName}"`
        : 'no command given';
    process.stderr.write(`${parsed.values.help ? '' : `deskctl: ${problem}\n\n`}${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  // Only enrolment creates a desk; any other command on an empty folder is a mistake, and
  // must not leave a fresh database behind.
  if (commandName !== 'enroll' && !existsSync(join(parsed.values.data, DESK_DATABASE_FILE))) {
    process.stderr.write(
      `deskctl: no desk in ${parsed.values.data}: enroll first (deskctl --data DIR enroll …)\n`,
    );
    return 2;
  }
  const desk = await openDesk({ dataDir: parsed.values.data });
  try {
    print(await command(desk, rest, parsed.values));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`deskctl: ${error.message}\n`);
      return 2;
    }
    const known =
      error instanceof MutationRefusal ||
      error instanceof SignInError ||
      error instanceof SyncOfflineError ||
      error instanceof SyncServerError;
    process.stderr.write(`deskctl: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  } finally {
    await desk.close();
  }
}

ignoreClosedPipes();
process.exitCode = await deskctl(process.argv.slice(2));
