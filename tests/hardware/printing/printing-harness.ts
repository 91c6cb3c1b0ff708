import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../../src-shared/time/clock';
import type { PrinterSettings } from '../../../src-shared/bridge/desk-methods';
import { openDesk, type Desk } from '../../../src-main/store/open-desk';
import { runDeskMutation } from '../../../src-main/operations/run-mutation';
import { asSharedDb } from '../../../src-main/store/desk-tables';
import { writeDeviceIdentity, type DeviceIdentity } from '../../../src-main/store/device-identity';
import {
  createDeskPrinting,
  type DeskPrinting,
  type DeskPrintingOptions,
} from '../../../src-main/hardware/printing/desk-printing';
import { NOW, seedStudio, type StaffKey, type Studio } from '../../front-desk/front-desk-harness';

export const STUDIO_ADDRESS = '12 Harbor Road, Portland ME';

/**
 * A real desk (its own SQLite file, migrations, outbox) holding the seeded test studio,
 * enrolled as far as printing needs: sales go through runDeskMutation like the app's.
 */
export interface PrintingDesk {
  readonly desk: Desk;
  readonly studio: Studio;
  readonly dataDir: string;
  /** The desk's clock: it stands at NOW until a test moves it. */
  readonly clock: ReturnType<typeof manualClock>;
  /** Runs a mutation as a staff member through the desk; returns its result. */
  run<R>(name: string, args: unknown, as?: StaffKey): Promise<R>;
  printing(options?: DeskPrintingOptions): DeskPrinting;
  networkSettings(port: number, overrides?: Partial<PrinterSettings>): PrinterSettings;
  dispose(): Promise<void>;
}

export async function createPrintingDesk(): Promise<PrintingDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-desk-printing-'));
  const clock = manualClock(Date.parse(NOW));
  const desk = await openDesk({ dataDir, clock });
  const studio = await seedStudio(asSharedDb(desk.db));
  await desk.db
    .updateTable('locations')
    .set({ address: STUDIO_ADDRESS })
    .where('id', '=', studio.locationId)
    .execute();
  const identity: DeviceIdentity = {
    serverUrl: 'http://127.0.0.1:9',
    deviceId: '01900000-0000-7000-8000-00000000d001',
    deviceName: 'Front desk 1',
    deviceToken: 'unused',
    tenantId: studio.tenantId,
    tenantName: 'Lotus Flow Yoga',
    pinPepper: 'test-pepper',
  };
  writeDeviceIdentity(dataDir, identity);
  desk.identity = identity;
  return {
    desk,
    studio,
    dataDir,
    clock,
    async run<R>(name: string, args: unknown, as: StaffKey = 'frontDesk') {
      const outcome = await runDeskMutation(desk, studio.staff[as], name, args);
      return outcome.result as R;
    },
    printing: (options = {}) =>
      createDeskPrinting(desk, { statusTimeoutMs: 300, jobTimeoutMs: 2000, ...options }),
    networkSettings: (port, overrides = {}) => ({
      connection: { type: 'network', host: '127.0.0.1', port },
      driver: 'epson',
      paperWidth: 48,
      openDrawerOnCash: true,
      ...overrides,
    }),
    async dispose() {
      await desk.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
