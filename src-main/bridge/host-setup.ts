import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { DeskEvent, OpenDemoPhase } from '../../src-shared/bridge/desk-events';
import type { DeskMethodArgs, DeskMethodResults } from '../../src-shared/bridge/desk-methods';
import type { Desk } from '../store/open-desk';
import { enrollDesk, setUpStudioFromDesk } from '../sync/enrollment';
import type { DemoServerHandle, DemoServerLauncher } from './host-ports';
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
  readonly log: (message: string) => void;
  /** Tells the screens how far opening the demo studio has come. */
  readonly emit: (event: DeskEvent) => void;
}

/** First run: join a studio's server, or open the demo studio on embedded defaults. */
export class HostSetup {
  private demo: DemoServerHandle | undefined;
  private demoStarting: Promise<void> | undefined;

  constructor(private readonly options: HostSetupOptions) {}

  /**
   * On launch: sync starts at once, and a demo desk brings its demo server back on the port
   * it enrolled with, in the background. Until that server is up (or if it cannot start,
   * say its port is taken) the desk simply works offline, like with any server.
   */
  resume(): void {
    const { desk } = this.options;
    if (!desk.identity) return;
    this.options.sync.start();
    const marker = this.readDemoMarker();
    const launch = this.options.launchDemo;
    if (!marker || !launch) return;
    this.demoStarting = launch({ dataDir: this.options.demoDir, port: marker.port }).then(
      (demo) => {
        this.demo = demo;
        this.options.sync.poke();
      },
      (error: unknown) => {
        this.options.log(
          `the demo studio's server did not start on port ${String(marker.port)}: ${String(error)}`,
        );
      },
    );
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

  /**
   * Creates a new studio from nothing with a one-time setup code (issue 16): the server
   * makes the studio and its owner and enrols this desk; the initial sync then brings the
   * owner's PIN hash, so the owner signs in here with the PIN they chose.
   */
  async createStudio(
    args: DeskMethodArgs<'setup.createStudio'>,
  ): Promise<DeskMethodResults['setup.createStudio']> {
    this.refuseIfEnrolled();
    const { serverUrl, ...setup } = args;
    const identity = await setUpStudioFromDesk(
      this.options.desk,
      serverUrl,
      { ...setup, setupCode: setup.setupCode.trim(), deviceName: setup.deviceName.trim() },
      this.options.fetchImpl,
    );
    await this.options.sync.initialSync();
    return { tenantName: identity.tenantName };
  }

  /**
   * Starts the demo server (creating the studio on its first start), enrols this desk and
   * runs the initial sync, reporting each step as the `openDemo` task (OPEN_DEMO_PHASES).
   */
  async openDemo(): Promise<DeskMethodResults['setup.openDemo']> {
    this.refuseIfEnrolled();
    const launch = this.options.launchDemo;
    if (!launch) {
      throw new DeskHostRefusal(
        'unavailable',
        'This build of the desk cannot run the demo studio; connect to a studio server instead.',
      );
    }
    const step = (phase: OpenDemoPhase, done = 0, total = 1) => {
      this.options.emit({ type: 'progress', task: 'openDemo', phase, done, total });
    };
    step('startServer');
    this.demo ??= await launch({
      dataDir: this.options.demoDir,
      port: 0,
      onProgress: (p) => {
        step(p.phase, p.done, p.total);
      },
    });
    const demo = this.demo;
    let code: string;
    try {
      code = await demo.createEnrollmentCode();
    } catch (error) {
      // A server that stopped answering is let go, so the next try starts a fresh one.
      this.demo = undefined;
      await demo.close().catch(() => undefined);
      throw error;
    }
    step('enrol');
    await enrollDesk(this.options.desk, demo.url, code, `Demo desk (${hostname()})`);
    writeFileSync(
      join(this.options.desk.dataDir, DEMO_MARKER),
      JSON.stringify({ port: demo.port }),
    );
    step('initialSync', 0, 0);
    let synced = 0;
    await this.options.sync.initialSync((p) => {
      // A new desk has nothing to push; the pull is what takes the time.
      if (p.phase !== 'pull') return;
      synced = p.total;
      step('initialSync', Math.min(p.done, p.total), p.total);
    });
    // The whole, even when the last page did not say so (or the studio was empty).
    step('initialSync', Math.max(synced, 1), Math.max(synced, 1));
    return { tenantName: demo.tenantName, staffPin: demo.staffPin };
  }

  async close(): Promise<void> {
    await this.demoStarting;
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
