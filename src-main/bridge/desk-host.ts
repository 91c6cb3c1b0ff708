import { setOwnPin } from '../../src-shared/mutations/console/staff-mutations';
import { pinCredential } from '../staff/pin-credential';
import { dirname, join } from 'node:path';
import type { DeskReply } from '../../src-shared/bridge/desk-bridge';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import {
  deskMethodArgs,
  isDeskMethod,
  type DeskMethod,
  type DeskMethodArgs,
  type DeskMethodResults,
} from '../../src-shared/bridge/desk-methods';
import type { Clock } from '../../src-shared/time/clock';
import { describeIssues } from '../../src-shared/validation/describe-issues';
import { openDesk, type Desk } from '../store/open-desk';
import { runDeskMutation } from '../operations/run-mutation';
import { mutationRegistry } from '../../src-shared/mutations/all-mutations';
import type { TenderTaken } from '../../src-shared/mutations/mutation-definition';
import { runDeskQuery } from '../operations/run-query';
import { dismissProblem } from '../sync/sync-status';
import { currentStaff, signInStaff, signOutStaff } from '../staff/staff-sign-in';
import { isoAt } from '../../src-shared/time/clock';
import type { DeskPaymentsPort, DeskPrintingPort, DemoServerLauncher } from './host-ports';
import { DeskHostRefusal, toDeskError } from './host-errors';
import { HostConsole } from './host-console';
import { HostSetup } from './host-setup';
import { listStaff, signedInStaff } from '../staff/staff-list';
import { clearPinLockout } from '../staff/pin-lockout';
import { HostSync, type HostSyncOptions } from './host-sync';
import { createDeskPrinting } from '../hardware/printing/desk-printing';
import { readDeskLocation, saveDeskLocation } from '../store/desk-location-store';
import { claimCardCaptures, recordCardCapture } from '../hardware/card-reader/card-captures';
import { createDeskPayments } from '../hardware/card-reader/card-payments';
import { heldSaleHandlers } from './host-held-sales';
import { studioExportHandler } from './host-studio-export';

/**
 * The desk core as the screens reach it, in plain Node: Electron's utility process and
 * browser mode's loopback server both hand every call to {@link DeskHost.invoke}, so the
 * two behave the same.
 */
export interface DeskHost {
  /** Validates the method and its arguments, runs it, and never throws. */
  invoke(method: unknown, args: unknown): Promise<DeskReply>;
  /** Sync status and progress events; returns the function that stops listening. */
  subscribe(listener: (event: DeskEvent) => void): () => void;
  close(): Promise<void>;
}

export interface DeskHostOptions {
  readonly dataDir: string;
  /** `browser`, or Electron's version: reported by `app.info`. */
  readonly shell: string;
  readonly appVersion?: string;
  readonly clock?: Clock;
  /** Where the embedded demo server keeps its data. */
  readonly demoDir?: string;
  readonly launchDemo?: DemoServerLauncher;
  /** Defaults to ESC/POS printing configured in the desk's printer.json. */
  readonly printing?: (desk: Desk) => DeskPrintingPort;
  /** Defaults to card payments through the studio's server (Stripe Terminal). */
  readonly payments?: (desk: Desk, isOnline: () => boolean) => DeskPaymentsPort;
  readonly fetchImpl?: typeof fetch;
  readonly maxBackoffMs?: number;
  /** The automatic drift check's timing and reports (R6.4); tests shorten it. */
  readonly driftCheck?: HostSyncOptions['driftCheck'];
  readonly log?: (message: string) => void;
}

type Handlers = {
  [M in DeskMethod]: (args: DeskMethodArgs<M>) => Promise<DeskMethodResults[M]>;
};

export async function createDeskHost(options: DeskHostOptions): Promise<DeskHost> {
  const desk = await openDesk({
    dataDir: options.dataDir,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const listeners = new Set<(event: DeskEvent) => void>();
  const log =
    options.log ??
    ((message: string) => {
      console.error(`[desk] ${message}`);
    });
  const emit = (event: DeskEvent) => {
    for (const listener of listeners) listener(event);
  };
  const sync = new HostSync(desk, {
    emit,
    log,
    ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
    ...(options.driftCheck ? { driftCheck: options.driftCheck } : {}),
  });
  const setup = new HostSetup({
    desk,
    sync,
    demoDir: options.demoDir ?? join(dirname(options.dataDir), 'demo-server'),
    launchDemo: options.launchDemo,
    log,
    emit,
    ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
  });
  const printing = (options.printing ?? createDeskPrinting)(desk);
  const payments = (
    options.payments ??
    ((forDesk, isOnline) =>
      createDeskPayments(forDesk, {
        isOnline,
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
      }))
  )(desk, () => sync.isOnline());
  setup.resume();

  /** The signed-in staff member, or the refusal a locked desk answers with. */
  const session = async () => {
    const staff = await signedInStaff(desk);
    if (!staff) {
      throw new DeskHostRefusal('not_signed_in', 'The desk is locked: sign in with your PIN.');
    }
    return staff;
  };
  /** The signed-in staff member, even one who must still choose their own PIN. */
  const signedInAnyPin = async () => (await session()).memberId;
  /**
   * The signed-in staff member, once they may work: after a manager reset their PIN, the
   * temporary one was told to someone else, so nothing but choosing their own is allowed
   * until they have (the screens ask first; the desk core holds to it for any caller).
   */
  const signedIn = async () => {
    const staff = await session();
    if (staff.mustChangePin) {
      throw new DeskHostRefusal(
        'pin_change_required',
        'A manager reset your PIN: choose your own PIN before anything else.',
      );
    }
    return staff.memberId;
  };

  const studioConsole = new HostConsole({
    desk,
    signedIn,
    ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
  });

  const handlers: Handlers = {
    'app.info': () =>
      Promise.resolve({
        name: 'Studio Desk',
        version: options.appVersion ?? '0.0.0',
        platform: process.platform,
        shell: options.shell,
      }),
    'setup.state': () =>
      Promise.resolve({
        enrolled: desk.identity !== undefined,
        tenantName: desk.identity?.tenantName ?? null,
      }),
    'setup.connect': (args) => setup.connect(args),
    'setup.openDemo': () => setup.openDemo(),
    'setup.createStudio': (args) => setup.createStudio(args),
    'desks.list': () => studioConsole.listDesks(),
    'desks.rename': (args) => studioConsole.renameDesk(args),
    'desks.revoke': (args) => studioConsole.revokeDesk(args),
    'desks.enrollmentCode': () => studioConsole.enrollmentCode(),
    'staff.list': () => (desk.identity ? listStaff(desk) : Promise.resolve([])),
    'staff.signIn': async ({ memberId, pin }) => {
      await signInStaff(desk, { memberId }, pin);
      const [staff] = await listStaff(desk, memberId);
      if (!staff) throw new DeskHostRefusal('forbidden', 'This person has no staff role here.');
      return staff;
    },
    'staff.current': async () => {
      const memberId = desk.identity ? await currentStaff(desk) : undefined;
      if (!memberId) return null;
      return (await listStaff(desk, memberId))[0] ?? null;
    },
    'staff.pinHash': async ({ pin }) => {
      // Only for signed-in staff: the console's staff forms, and choosing one's own PIN.
      await signedInAnyPin();
      return pinCredential(desk, pin);
    },
    'staff.signOut': async () => {
      await signOutStaff(desk);
      return null;
    },
    'staff.clearLockout': (args) => clearPinLockout(desk, args),
    'desk.query': ({ name, args }) => runDeskQuery(desk, name, args, { staffId: signedIn }),
    'desk.mutate': async ({ name, args }) => {
      const effects = effectsOfCall(name, args);
      // A card tender must name a PaymentIntent this desk saw captured and no sale used.
      // Choosing one's own PIN is the one change a member with a reset PIN may make.
      const actor = name === setOwnPin.name ? await signedInAnyPin() : await signedIn();
      const outcome = await runDeskMutation(desk, actor, name, args, {
        beforeEffects: (tx, mutationId) => claimCardCaptures(tx, effects.tenders, mutationId),
      });
      if (effects.movesCash(outcome.result)) await openDrawerAfterCash(printing);
      return outcome;
    },
    'sync.status': () => sync.status(),
    'sync.now': () => sync.syncNow(),
    'sync.verify': () => sync.verify(),
    'sync.repair': () => sync.repair(),
    'sync.dismissProblem': async ({ seq }) => {
      await signedIn();
      if (!(await dismissProblem(desk, seq, isoAt(desk.clock)))) {
        throw new DeskHostRefusal('not_found', `No refused change number ${seq} to dismiss.`);
      }
      await sync.publish();
      return sync.status();
    },
    'deskLocation.get': () => readDeskLocation(desk),
    'deskLocation.set': async ({ locationId }) => {
      await signedIn();
      return saveDeskLocation(desk, locationId);
    },
    'printer.getSettings': () => Promise.resolve(printing.getSettings()),
    'printer.saveSettings': async ({ settings }) => {
      await signedIn();
      return printing.saveSettings(settings);
    },
    'printer.testPrint': () => printing.testPrint(),
    'printer.list': async () => {
      await signedIn();
      return printing.listPrinters();
    },
    'printer.print': ({ receipt }) => printing.print(receipt),
    'drawer.noSale': async ({ reason }) => printing.noSale(await signedIn(), reason),
    'payments.status': async () => payments.status(),
    'payments.connectionToken': () => payments.connectionToken(),
    'payments.createIntent': async (args) => {
      await signedIn();
      return payments.createIntent(args);
    },
    'payments.capture': async (args) => {
      await signedIn();
      const captured = await payments.capture(args);
      if (captured.status === 'succeeded') await recordCardCapture(desk, captured.paymentIntentId);
      return captured;
    },
    'payments.cancel': (args) => payments.cancel(args),
    'stripe.connect': (args) => studioConsole.connectStripe(args),
    'stripe.connectStatus': () => studioConsole.stripeStatus(),
    'stripe.registerReader': (args) => studioConsole.registerReader(args),
    'studioSmtp.status': () => studioConsole.smtpStatus(),
    'studioSmtp.set': (args) => studioConsole.setSmtp(args),
    'studioSmtp.clear': () => studioConsole.clearSmtp(),
    'studioSmtp.sendTest': (args) => studioConsole.sendTestMail(args),
    ...heldSaleHandlers(desk, signedIn),
    'studio.export': studioExportHandler({
      desk,
      signedIn,
      ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    }),
  };

  async function invoke(method: unknown, rawArgs: unknown): Promise<DeskReply> {
    if (!isDeskMethod(method)) {
      return {
        ok: false,
        error: {
          code: 'invalid',
          message: `The desk has no action named ${JSON.stringify(method)}.`,
        },
      };
    }
    const parsed = deskMethodArgs[method].safeParse(rawArgs);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid', message: `${method}: ${describeIssues(parsed.error)}` },
      };
    }
    try {
      const handler = handlers[method] as (args: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toDeskError(error, log) };
    }
  }

  return {
    invoke,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await sync.close();
      await setup.close();
      await desk.close();
    },
  };
}

interface CallEffects {
  readonly tenders: readonly TenderTaken[];
  movesCash(result: unknown): boolean;
}

const NO_EFFECTS: CallEffects = { tenders: [], movesCash: () => false };

/**
 * The effects a mutation declares with its definition (src-shared), for one call: read from
 * its arguments parsed as the mutation parses them. A call the mutation will refuse (unknown
 * name, malformed arguments) has none; it is refused before anything happens.
 */
function effectsOfCall(name: string, args: unknown): CallEffects {
  const definition = mutationRegistry.get(name);
  const effects = definition?.effects;
  const parsed = definition?.args.safeParse(args);
  if (!effects || !parsed?.success) return NO_EFFECTS;
  return {
    tenders: effects.takesPayment?.(parsed.data) ?? [],
    movesCash: (result) => effects.movesCash?.(parsed.data, result) ?? false,
  };
}

/** The sale is already committed: a drawer that does not open is reported, never fatal. */
async function openDrawerAfterCash(printing: DeskPrintingPort): Promise<void> {
  if (!printing.getSettings().openDrawerOnCash) return;
  await printing.kickDrawer().catch(() => undefined);
}
