import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { DeskMethodArgs, DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import type { Desk } from '../desk/desk-core';
import { enrollDesk } from '../desk/desk-enrollment';
import type { DemoServerHandle, DemoServerLauncher } from './desk-host-ports';
import { DeskHostRefusal } from './host-errors';
import type { HostSync } from './host-sync';

/** Marks a desk enrolled with the embedded demo server, so the next launch restarts it. */
const DEMO_MARKER = 'demo-studio.json';
const demoMarkerSchema = z.strictObject({ port: z.number().int().min(1).max(65_535) });

export interface HostSetupOptions {
  readonly desk: Desk;
  readonly sync: HostSync;
  readonly demoDir: string;
  readonly launchDemo: DemoServerLauncher | undefined;
  readonly fetchImpl?: typeof fetch;
}

/** First run: join a studio's server, or open the demo studio on embedded defaults. */
export class HostSetup {
  private demo: DemoServerHandle | undefined;

  constructor(private readonly options: HostSetupOptions) {}

  /** On launch: a demo desk brings its demo server back on the port it enrolled with. */
  async resume(): Promise<void> {
    const { desk } = this.options;
    if (!desk.identity) return;
    const marker = this.readDemoMarker();
    if (marker && this.options.launchDemo) {
      this.demo = await this.options.launchDemo({
        dataDir: this.options.demoDir,
        port: marker.port,
      });
    }
    this.options.sync.start();
  }

  async connect(
    args: DeskMethodArgs<'setup.connect'>,
  ): Promise<DeskMethodResults['setup.connect']> {
    this.refuseIfEnrolled();
    const identity = await enrollDesk(
      this.options.desk,
      args.serverUrl,
      args.code.trim(),
      args.deviceName.trim(),
      this.options.fetchImpl,
    );
    await this.options.sync.initialSync();
    return { tenantName: identity.tenantName };
  }

  async openDemo(): Promise<DeskMethodResults['setup.openDemo']> {
    this.refuseIfEnrolled();
    const launch = this.options.launchDemo;
    if (!launch) {
      throw new DeskHostRefusal(
        'unavailable',
        'This build of the desk cannot run the demo studio; connect to a studio server instead.',
      );
    }
    this.demo ??= await launch({ dataDir: this.options.demoDir, port: 0 });
    const code = await this.demo.createEnrollmentCode();
    await enrollDesk(this.options.desk, this.demo.url, code, `Demo desk (${hostname()})`);
    writeFileSync(
      join(this.options.desk.dataDir, DEMO_MARKER),
      JSON.stringify({ port: this.demo.port }),
    );
    await this.options.sync.initialSync();
    return { tenantName: this.demo.tenantName, staffPin: this.demo.staffPin };
  }

  async close(): Promise<void> {
    await this.demo?.close();
    this.demo = undefined;
  }

  private refuseIfEnrolled(): void {
    const identity = this.options.desk.identity;
    if (identity) {
      throw new DeskHostRefusal(
        'already_enrolled',
        `This desk already belongs to ${identity.tenantName}. A desk joins one studio for life; use another data folder for another studio.`,
      );
    }
  }

  private readDemoMarker() {
    const path = join(this.options.desk.dataDir, DEMO_MARKER);
    if (!existsSync(path)) return undefined;
    try {
      const parsed = demoMarkerSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      // An unreadable marker only means the demo server is not restarted for this desk.
      return undefined;
    }
  }
}
