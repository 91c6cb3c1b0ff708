import { z } from 'zod';
import type { CardDetails } from '../mutations/front-desk/card-details';
import type { TenantRole } from '../mutations/mutation-definition';
import {
  readerAddressSchema,
  setupRequestSchema,
  type ConnectLinkResponse,
  type ConnectStatusResponse,
  type DeskSummary,
  type ReaderResponse,
} from '../protocol/console-messages';
import {
  heldSaleSchema,
  parkedSaleLabelSchema,
  type HeldSale,
  type ParkedSaleView,
  type RecalledSale,
} from './held-sale-schemas';
import { studioExportArgsSchema, type StudioExportResult } from './studio-export-call';
import {
  studioSmtpSetRequestSchema,
  studioSmtpTestRequestSchema,
  type StudioSmtpStatus,
  type StudioSmtpTestResult,
} from '../protocol/studio-smtp-messages';

/**
 * Every call the renderer can make to the desk core, with its strict argument schema.
 * The privileged side parses arguments with these before anything runs; an unknown method,
 * an unknown field or a wrong type is refused with `invalid` and changes nothing.
 */
const none = z.strictObject({});
const uuid = z.uuid();
const registeredName = z
  .string()
  .regex(/^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/, 'a name like pos.sale')
  .max(64);

/**
 * A CUPS queue name as `lp -d` takes it. Never starting with `-` or `.`, so it cannot be read
 * as an option or a path however it is passed on.
 */
export const PRINTER_QUEUE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,126}$/;

const ABSOLUTE_PATH = /^(?:\/|\\\\[^\\/]+\\[^\\/]|[A-Za-z]:\\)/;
const PARENT_SEGMENT = /(?:^|[\\/])\.\.(?:[\\/]|$)/;

/**
 * An absolute path to a printer's device file (`/dev/usb/lp0`), or on Windows a shared
 * printer's UNC path (`\\frontdesk\receipt`) or a drive path; no `..` segment and no
 * control characters, so a setting cannot climb out of the folder it names.
 */
export function isPrinterDevicePath(path: string): boolean {
  if (!ABSOLUTE_PATH.test(path) || PARENT_SEGMENT.test(path)) return false;
  for (let i = 0; i < path.length; i += 1) {
    const code = path.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

export const printerSettingsSchema = z.strictObject({
  /** `none` until a printer is set up: receipts are then shown on screen only. */
  connection: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({
      type: z.literal('network'),
      host: z.string().min(1).max(253),
      port: z.number().int().min(1).max(65_535),
    }),
    /** A queue of the operating system's spooler (CUPS), sent raw: no driver reformats it. */
    z.strictObject({
      type: z.literal('system'),
      printerName: z
        .string()
        .regex(PRINTER_QUEUE_NAME, 'a printer queue name: letters, digits, _ . and -'),
    }),
    /** A device file the ESC/POS bytes are written to as they are. */
    z.strictObject({
      type: z.literal('device'),
      path: z
        .string()
        .max(500)
        .refine(isPrinterDevicePath, 'an absolute device path like /dev/usb/lp0 or \\\\pc\\share'),
    }),
  ]),
  /** ESC/POS dialect node-thermal-printer speaks to it. */
  driver: z.enum(['epson', 'star']),
  /** Characters per line: 42/48 on 80 mm paper, 32 on 58 mm. */
  paperWidth: z.union([z.literal(32), z.literal(42), z.literal(48)]),
  /** Pulse the drawer kicked by the printer on cash tenders. */
  openDrawerOnCash: z.boolean(),
});
export type PrinterSettings = z.infer<typeof printerSettingsSchema>;

export const printableReceiptSchema = z.discriminatedUnion('kind', [
  /** A sale, gift-card sale or reload, or pack purchase: all are POS orders. */
  z.strictObject({ kind: z.literal('order'), orderId: uuid }),
  z.strictObject({ kind: z.literal('refund'), refundId: uuid }),
  /** X report while the drawer session is open, Z report once it is closed. */
  z.strictObject({ kind: z.literal('drawerReport'), sessionId: uuid }),
]);
export type PrintableReceipt = z.infer<typeof printableReceiptSchema>;

export const deskMethodArgs = {
  'app.info': none,
  /** Whether this desk is enrolled yet, to choose between first run and sign-in. */
  'setup.state': none,
  'setup.connect': z.strictObject({
    serverUrl: z.url({ protocol: /^https?$/ }).max(500),
    code: z.string().trim().min(6).max(64),
    deviceName: z.string().trim().min(1).max(100),
  }),
  /** Starts the demo studio's server on embedded defaults and enrols this desk with it. */
  'setup.openDemo': none,
  /**
   * A new studio from nothing (issue 16): a one-time setup code makes the studio, its owner
   * with this PIN, and enrols this desk; the owner then signs in after the initial sync.
   */
  'setup.createStudio': setupRequestSchema.extend({
    serverUrl: z.url({ protocol: /^https?$/ }).max(500),
    setupCode: z.string().trim().min(6).max(64),
    deviceName: z.string().trim().min(1).max(100),
  }),
  /** The studio's desks, for a signed-in owner or manager. */
  'desks.list': none,
  'desks.rename': z.strictObject({ deviceId: uuid, name: z.string().trim().min(1).max(100) }),
  /** Revoking this very desk locks it out for good, so it takes `thisDesk: true`. */
  'desks.revoke': z.strictObject({ deviceId: uuid, thisDesk: z.boolean().optional() }),
  /** A one-time code to enrol another desk of this studio (R2.1), shown once. */
  'desks.enrollmentCode': none,
  'staff.list': none,
  'staff.signIn': z.strictObject({ memberId: uuid, pin: z.string().regex(/^\d{4,8}$/) }),
  'staff.current': none,
  /**
   * A PIN hashed with the studio's pepper, which stays in the desk core, for the console's
   * staff mutations (staff.add, staff.resetPin, staff.setOwnPin): no clear PIN is recorded.
   */
  'staff.pinHash': z.strictObject({ pin: z.string().regex(/^\d{4,8}$/) }),
  /** Locks the desk: the next action needs a PIN again. */
  'staff.signOut': none,
  /**
   * A manager's override at the desk: an owner or manager, proven by their own PIN, clears
   * another staff member's PIN lock. Works while the desk is locked; nobody need be signed in.
   */
  'staff.clearLockout': z.strictObject({
    memberId: uuid,
    managerId: uuid,
    managerPin: z.string().regex(/^\d{4,8}$/),
  }),
  /** A named read from the shared query registry, run against the local copy. */
  'desk.query': z.strictObject({ name: registeredName, args: z.unknown() }),
  /** A named mutation from the shared registry, run as the signed-in staff member. */
  'desk.mutate': z.strictObject({ name: registeredName, args: z.unknown() }),
  'sync.status': none,
  'sync.now': none,
  'sync.verify': none,
  'sync.repair': none,
  'sync.dismissProblem': z.strictObject({ seq: z.number().int().positive() }),
  /** This desk's location (where the computer stands): kept on this desk only. */
  'deskLocation.get': none,
  /** Sets this desk's location, or clears it with null; an unknown location is refused. */
  'deskLocation.set': z.strictObject({ locationId: uuid.nullable() }),
  'printer.getSettings': none,
  'printer.saveSettings': z.strictObject({ settings: printerSettingsSchema }),
  'printer.testPrint': none,
  /** The printers the operating system lists, to choose from in Settings. */
  'printer.list': none,
  /** Prints (or reprints) a receipt; never changes any sale. */
  'printer.print': z.strictObject({ receipt: printableReceiptSchema }),
  /** Opens the cash drawer without a sale; recorded as a `no_sale` drawer movement. */
  'drawer.noSale': z.strictObject({ reason: z.string().trim().min(1).max(200) }),
  /** Whether card payments can be taken now, and why not when they cannot. */
  'payments.status': none,
  'payments.connectionToken': none,
  'payments.createIntent': z.strictObject({
    amount: z.number().int().positive().max(10_000_000),
    /**
     * Made by the POS screen once per checkout: the idempotency key, so a create retried
     * after a lost reply returns the same PaymentIntent instead of charging twice.
     */
    checkoutId: uuid,
    /**
     * The sale holds a membership and staff ticked "Save this card for autopay": the server
     * saves the card for this member's renewals (PROTOCOL.md R13.5).
     */
    saveCardFor: z.strictObject({ memberId: uuid }).optional(),
  }),
  'payments.capture': z.strictObject({ paymentIntentId: z.string().regex(/^pi_\w+$/) }),
  'payments.cancel': z.strictObject({ paymentIntentId: z.string().regex(/^pi_\w+$/) }),
  /** Owner only: a Stripe onboarding link for the studio's connected account. */
  'stripe.connect': z.strictObject({
    returnUrl: z.url({ protocol: /^https?$/ }).max(2000),
    refreshUrl: z.url({ protocol: /^https?$/ }).max(2000),
  }),
  /** Owner only: whether the studio's Stripe account is connected and can take charges. */
  'stripe.connectStatus': none,
  /** Owner only: registers a card reader by the code it shows, at a studio location. */
  'stripe.registerReader': z.strictObject({
    registrationCode: z.string().trim().min(1).max(100),
    label: z.string().trim().min(1).max(100),
    locationId: uuid.optional(),
    address: readerAddressSchema.optional(),
  }),
  /** The sale open at the Sell screen, kept through a lock, a staff switch and a restart. */
  'sale.openCart': none,
  /** Replaces the open sale; the Sell screen saves it on every change. */
  'sale.saveOpenCart': z.strictObject({ sale: heldSaleSchema }),
  /** The open sale was sold, cancelled or emptied: nothing is kept open. */
  'sale.discardOpenCart': none,
  /** Parks a sale under a label so the desk can ring up the next one; recalled later. */
  'sale.park': z.strictObject({ label: parkedSaleLabelSchema, sale: heldSaleSchema }),
  'sale.parkedList': none,
  /** Takes a parked sale back, re-priced from the current catalogue, with what changed. */
  'sale.recall': z.strictObject({ parkedSaleId: uuid }),
  /**
   * Owner only (issue 19): the whole studio from the server as one archive. The page sends
   * {}; the shell adds the `target` it chose (studio-export-call.ts).
   */
  'studio.export': studioExportArgsSchema,
  /** Owner only (issue 20, R20.5): which e-mail server the studio's automations use. */
  'studioSmtp.status': none,
  /** Owner only: the studio's own SMTP server; a password left out keeps the stored one. */
  'studioSmtp.set': studioSmtpSetRequestSchema.omit({ actorId: true }),
  /** Owner only: back to the platform's SMTP server. */
  'studioSmtp.clear': none,
  /** Owner only: one test message through the server in use, with that server's answer. */
  'studioSmtp.sendTest': studioSmtpTestRequestSchema.omit({ actorId: true }),
} as const;

export type DeskMethod = keyof typeof deskMethodArgs;
export type DeskMethodArgs<M extends DeskMethod> = z.input<(typeof deskMethodArgs)[M]>;

export function isDeskMethod(name: unknown): name is DeskMethod {
  return typeof name === 'string' && Object.hasOwn(deskMethodArgs, name);
}

export interface StaffView {
  readonly memberId: string;
  readonly name: string;
  readonly roles: readonly TenantRole[];
  /** Too many wrong PINs at this desk: locked until it times out or a manager clears it. */
  readonly locked: boolean;
  /** A manager reset this PIN (staff.resetPin): they set their own before anything else. */
  readonly mustChangePin: boolean;
}

export interface SyncStatusView {
  readonly enrolled: boolean;
  readonly tenantName: string | null;
  readonly deviceName: string | null;
  /** This desk's id: its cash drawer session and reports are per device. */
  readonly deviceId: string | null;
  /** The server answered the last sync attempt. */
  readonly online: boolean;
  /** Mutations made here that the server has not acknowledged yet. */
  readonly pending: number;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
  /** Mutations the server refused, until staff dismiss them. */
  readonly problems: readonly {
    readonly seq: number;
    readonly name: string;
    readonly at: string;
    readonly code: string | null;
    readonly reason: string | null;
  }[];
  /** Rows only this desk holds, which the server never recorded; a repair removes them. */
  readonly driftProblems: readonly {
    readonly table: string;
    readonly rowKey: string;
    readonly detectedAt: string;
  }[];
  /**
   * Nothing pending, every synced change compared with the server and no drift found: the
   * only state a screen may call "all synced".
   */
  readonly allSynced: boolean;
}

export interface VerifyView {
  readonly matches: boolean;
  readonly position: number;
  readonly mismatchedTables: readonly string[];
}

export interface PrintOutcome {
  /** False when printing failed; the sale (or anything else) is unaffected. */
  readonly printed: boolean;
  /**
   * For staff: why it did not print ("printer at 10.0.0.5:9100 is unreachable"), or a
   * warning when it did ("running out of paper"); null when there is nothing to say.
   */
  readonly message: string | null;
}

/** What the operating system offers to print to; every entry passes the settings schema. */
export interface SystemPrinterList {
  /** CUPS queues (Linux, macOS), for a `system` connection. */
  readonly queues: readonly string[];
  /** Printer device files (Linux: /dev/usb/lp*), for a `device` connection. */
  readonly devices: readonly string[];
  /** For staff, why a list may be empty or short (CUPS missing, no permission). */
  readonly notes: readonly string[];
}

/** One of the studio's locations, chosen as the one this desk stands in. */
export interface DeskLocationView {
  readonly locationId: string;
  readonly name: string;
  /** The location's IANA zone: the desk's times are shown in it. */
  readonly timeZone: string;
}

export interface PaymentsStatus {
  readonly available: boolean;
  readonly reason: string | null;
}

/** A capture's answer; `card` names the card charged when Stripe reported it (issue 17). */
export interface CapturedPayment {
  readonly paymentIntentId: string;
  readonly status: string;
  readonly card?: CardDetails;
}

export interface DeskMethodResults {
  'app.info': {
    readonly name: string;
    readonly version: string;
    readonly platform: string;
    /** `browser` in browser mode, else Electron's version. */
    readonly shell: string;
  };
  'setup.state': { readonly enrolled: boolean; readonly tenantName: string | null };
  'setup.connect': { readonly tenantName: string };
  'setup.openDemo': { readonly tenantName: string; readonly staffPin: string };
  'staff.list': readonly StaffView[];
  'staff.signIn': StaffView;
  'staff.current': StaffView | null;
  'staff.pinHash': { readonly pinHash: string };
  'staff.signOut': null;
  'staff.clearLockout': { readonly cleared: boolean };
  'desk.query': unknown;
  'desk.mutate': { readonly seq: number; readonly mutationId: string; readonly result: unknown };
  'sync.status': SyncStatusView;
  'sync.now': SyncStatusView;
  'sync.verify': VerifyView;
  'sync.repair': VerifyView;
  'sync.dismissProblem': SyncStatusView;
  'deskLocation.get': DeskLocationView | null;
  'deskLocation.set': DeskLocationView | null;
  'printer.getSettings': PrinterSettings;
  'printer.saveSettings': PrinterSettings;
  'printer.testPrint': PrintOutcome;
  'printer.list': SystemPrinterList;
  'printer.print': PrintOutcome;
  'drawer.noSale': PrintOutcome;
  'payments.status': PaymentsStatus;
  'payments.connectionToken': { readonly secret: string };
  'payments.createIntent': { readonly paymentIntentId: string; readonly clientSecret: string };
  'payments.capture': CapturedPayment;
  'payments.cancel': { readonly paymentIntentId: string; readonly status: string };
  'setup.createStudio': { readonly tenantName: string };
  'desks.list': { readonly desks: readonly DeskSummary[] };
  'desks.rename': { readonly desk: DeskSummary };
  'desks.revoke': { readonly desk: DeskSummary };
  'desks.enrollmentCode': { readonly code: string; readonly expiresAt: string };
  'stripe.connect': ConnectLinkResponse;
  'stripe.connectStatus': ConnectStatusResponse;
  'stripe.registerReader': ReaderResponse;
  'sale.openCart': HeldSale | null;
  'sale.saveOpenCart': null;
  'sale.discardOpenCart': null;
  'sale.park': ParkedSaleView;
  'sale.parkedList': readonly ParkedSaleView[];
  'sale.recall': RecalledSale;
  /** Null when the owner cancelled the save dialog. */
  'studio.export': StudioExportResult | null;
  'studioSmtp.status': StudioSmtpStatus;
  'studioSmtp.set': StudioSmtpStatus;
  'studioSmtp.clear': StudioSmtpStatus;
  'studioSmtp.sendTest': StudioSmtpTestResult;
}
