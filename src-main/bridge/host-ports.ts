import type {
  PrintableReceipt,
  PrinterSettings,
  PrintOutcome,
  SystemPrinterList,
} from '../../src-shared/bridge/desk-methods';
import type {
  DemoServerInfo,
  DemoServerProgress,
} from '../../src-shared/protocol/demo-server-wire';
import type { DeskPayments } from '../hardware/card-reader/card-payments';

/** The receipt printer and cash drawer as the desk host uses them. */
export interface DeskPrintingPort {
  getSettings(): PrinterSettings;
  saveSettings(settings: PrinterSettings): PrinterSettings;
  testPrint(): Promise<PrintOutcome>;
  print(receipt: PrintableReceipt): Promise<PrintOutcome>;
  /** Records an audited no-sale as `actorId`, then opens the drawer. */
  noSale(actorId: string, reason: string): Promise<PrintOutcome>;
  kickDrawer(): Promise<PrintOutcome>;
  /** The printers the operating system lists, for Settings to choose from. */
  listPrinters(): Promise<SystemPrinterList>;
}

/** Card payments through the studio's server, as hardware/card-reader/card-payments.ts declares them. */
export type DeskPaymentsPort = DeskPayments;

/**
 * The demo studio's server. The desk never imports server code, so whoever composes the
 * app (browser-mode script, Electron's desk process) supplies how to start one.
 */
export interface DemoServerHandle extends DemoServerInfo {
  createEnrollmentCode(): Promise<string>;
  close(): Promise<void>;
}

export type DemoServerLauncher = (options: {
  readonly dataDir: string;
  readonly port: number;
  /** Hears how far a first start has come in creating the demo studio. */
  readonly onProgress?: (progress: DemoServerProgress) => void;
}) => Promise<DemoServerHandle>;
