import type { SyncStatusView, VerifyView } from '../../src-shared/bridge/desk-methods';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import { requireIdentity, type Desk } from '../desk/desk-core';
import { deskStatus } from '../desk/desk-status';
import { syncOnce } from '../desk/desk-sync-engine';
import { repairTables, verifyDesk } from '../desk/desk-verify';
import { startLiveSync, type LiveSync } from '../desk/live-sync';
import { createHttpTransport, SyncOfflineError, type SyncTransport } from '../desk/sync-transport';

export interface HostSyncOptions {
  readonly emit: (event: DeskEvent) => void;
  readonly fetchImpl?: typeof fetch;
  /** Longest wait between retries while offline; tests shorten it. */
  readonly maxBackoffMs?: number;
}

/**
 * The desk's connection to its server as the screens see it: keeps live sync running,
 * remembers whether the server answered last time, and tells every screen after each sync
 * attempt and each local change (the always-visible indicator).
 */
export class HostSync {
  private live: LiveSync | undefined;
  private transport: SyncTransport | undefined;
  private online = false;

  constructor(
    private readonly desk: Desk,
    private readonly options: HostSyncOptions,
  ) {}

  /** Starts live sync once the desk is enrolled; safe to call again. */
  start(): void {
    if (this.live || !this.desk.identity) return;
    const transport = this.transportFor();
    this.live = startLiveSync(this.desk, transport, {
      ...(this.options.maxBackoffMs === undefined
        ? {}
        : { maxBackoffMs: this.options.maxBackoffMs }),
      ...(this.options.fetchImpl ? { fetchImpl: this.options.fetchImpl } : {}),
      onSynced: () => {
        this.settled(true);
      },
      onError: (error) => {
        this.settled(!(error instanceof SyncOfflineError));
      },
    });
    const notify = this.desk.onLocalChange;
    this.desk.onLocalChange = () => {
      notify();
      this.publishQuietly();
    };
  }

  /** First sync after enrolment, with progress for the first-run screen. */
  async initialSync(): Promise<void> {
    await syncOnce(this.desk, this.transportFor(), {
      onProgress: (p) => {
        this.options.emit({ type: 'progress', task: 'initialSync', ...p });
      },
    });
    this.online = true;
    this.start();
    await this.publish();
  }

  async status(): Promise<SyncStatusView> {
    const status = await deskStatus(this.desk);
    return {
      enrolled: status.enrolled,
      tenantName: status.tenantName,
      deviceName: status.deviceName,
      deviceId: this.desk.identity?.deviceId ?? null,
      online: this.online,
      pending: status.pending,
      lastSyncAt: status.lastSyncAt,
      lastError: status.lastError,
      problems: status.problems,
    };
  }

  /**
   * Runs a sync round now and reports the status after it. Offline is a status, not an
   * error: the indicator says so and the round is retried with backoff.
   */
  async syncNow(): Promise<SyncStatusView> {
    if (this.live) {
      await this.live.syncNow().catch((error: unknown) => {
        if (!(error instanceof SyncOfflineError)) throw error;
      });
    }
    return this.status();
  }

  /** Compares checksums with the server; live sync pauses so the two never interleave. */
  async verify(): Promise<VerifyView> {
    return this.paused(async (transport) => toView(await verifyDesk(this.desk, transport)));
  }

  /** Re-downloads each table that differs, then verifies again. */
  async repair(): Promise<VerifyView> {
    return this.paused(async (transport) => {
      const before = await verifyDesk(this.desk, transport);
      const tables = before.mismatched.map((m) => m.table);
      for (const [index, table] of tables.entries()) {
        this.options.emit({
          type: 'progress',
          task: 'repair',
          phase: table,
          done: index,
          total: tables.length,
        });
        await repairTables(this.desk, transport, [table]);
      }
      this.options.emit({
        type: 'progress',
        task: 'repair',
        phase: 'done',
        done: tables.length,
        total: tables.length,
      });
      return toView(await verifyDesk(this.desk, transport));
    });
  }

  /** Asks for a sync round soon (a server just came back); no-op before enrolment. */
  poke(): void {
    this.live?.poke();
  }

  async publish(): Promise<void> {
    this.options.emit({ type: 'sync', status: await this.status() });
  }

  async stop(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    await live?.stop();
  }

  private async paused<T>(work: (transport: SyncTransport) => Promise<T>): Promise<T> {
    const wasRunning = this.live !== undefined;
    await this.stop();
    try {
      const result = await work(this.transportFor());
      this.online = true;
      return result;
    } catch (error) {
      if (error instanceof SyncOfflineError) this.online = false;
      throw error;
    } finally {
      if (wasRunning) this.start();
      await this.publish();
    }
  }

  private settled(online: boolean): void {
    this.online = online;
    this.publishQuietly();
  }

  /** For callbacks: a status that cannot be read (desk closing) just is not announced. */
  private publishQuietly(): void {
    this.publish().catch(() => undefined);
  }

  private transportFor(): SyncTransport {
    const identity = requireIdentity(this.desk);
    // The token changes on rotation, so it is read from the identity at every request.
    this.transport ??= createHttpTransport(
      identity.serverUrl,
      () => requireIdentity(this.desk).deviceToken,
      this.options.fetchImpl,
    );
    return this.transport;
  }
}

function toView(report: Awaited<ReturnType<typeof verifyDesk>>): VerifyView {
  return {
    matches: report.matches,
    position: report.position,
    mismatchedTables: report.mismatched.map((m) => m.table),
  };
}
