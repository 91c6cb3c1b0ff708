import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  printerSettingsSchema,
  type PrinterSettings,
} from '../../../src-shared/bridge/desk-methods';
import { MutationRefusal } from '../../../src-shared/mutations/mutation-definition';

export const PRINTER_SETTINGS_FILE = 'printer.json';

/** A desk without a printer shows receipts on screen only; 80 mm paper is the common roll. */
export const DEFAULT_PRINTER_SETTINGS: PrinterSettings = {
  connection: { type: 'none' },
  driver: 'epson',
  paperWidth: 48,
  openDrawerOnCash: true,
};

export interface LoadedPrinterSettings {
  readonly settings: PrinterSettings;
  /** Why the file was ignored (damaged or invalid), or null. */
  readonly warning: string | null;
}

/**
 * Reads `<dataDir>/printer.json`. A missing file is the defaults; a damaged or invalid one
 * is the defaults plus a warning, never an exception: a printer setting must not stop the
 * desk from selling.
 */
export function loadPrinterSettings(dataDir: string): LoadedPrinterSettings {
  const file = join(dataDir, PRINTER_SETTINGS_FILE);
  if (!existsSync(file)) return { settings: DEFAULT_PRINTER_SETTINGS, warning: null };
  let problem: string;
  try {
    const parsed = printerSettingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return { settings: parsed.data, warning: null };
    problem = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`)
      .join('; ');
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  return {
    settings: DEFAULT_PRINTER_SETTINGS,
    warning: `The printer settings in ${file} are damaged (${problem}); this desk uses no printer until they are saved again in printer settings.`,
  };
}

/**
 * Validates and writes the settings atomically (temp file + rename), so a crash mid-write
 * leaves the old file. Invalid settings are refused with a clear message and nothing is
 * written.
 */
export function savePrinterSettings(dataDir: string, settings: unknown): PrinterSettings {
  const parsed = printerSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`)
      .join('; ');
    throw new MutationRefusal(
      'invalid',
      `Printer settings not saved (${detail}); the previous settings stay.`,
    );
  }
  const file = join(dataDir, PRINTER_SETTINGS_FILE);
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(parsed.data, null, 2)}\n`);
  renameSync(temp, file);
  return parsed.data;
}
