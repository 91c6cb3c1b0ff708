import type { SyncStatusView, VerifyView } from '../../src-shared/bridge/desk-methods';
import type { DeskEvent } from '../../src-shared/bridge/desk-events';
import { requireIdentity, type Desk } from '../store/open-desk';
import { deskStatus } from '../sync/sync-status';
import { syncOnce, type SyncProgress } from '../sync/sync-engine';
import { repairTables, verifyDesk } from '../sync/verify-and-repair';
import { runDriftCheck, type DriftReport } from '../sync/drift-check';
import { recordingPulledTables, touchedTables } from '../sync/drift-ledger';
import { DriftWatch, type DriftWatchTiming } from '../sync/drift-watch';
import { startLiveSync, type LiveSync } from '../sync/live-sync';
import {
  createHttpTransport,
  SyncOfflineError,
  SyncServerError,
  type SyncTransport,
} from '../sync/sync-transport';
import { PROTOCOL_UNSUPPORTED } from '../../src-shared/protocol/sync-messages';

export interface HostSyncOptions {
  readonly emit: (event: DeskEvent) => void;
  readonly fetchImpl?: typeof fetch;
  readonly log?: (message: string) => void;
  /** Longest wait between retries while offline; tests shorten it. */
  readonly maxBackoffMs?: number;
  /** When the automatic drift check runs (R6.4), and who hears its reports. */
  readonly driftCheck?: DriftWatchTiming & { readonly onReport?: (report: DriftReport) => void };
}

/**
 * The desk's connection to its server as the screens see it: keeps live sync running,
 * remembers whether the server answered last time, and tells every screen after each sync
 * attempt and each local change (the always-visible indicator).
 */
export class HostSync {
  private live: LiveSync | undefined;
  private transport: SyncTransport | undefined;
  private recordingTransport: SyncTransport | undefined;
  private readonly drift: DriftWatch;
  private online = false;
  private readonly unsubscribeChanges: () => void;

  private healing = false;
  private closed = false;
  /** The verify or repair under way (or a settled promise): they run one at a time. */
  private exclusive: Promise<void> = Promise.resolve();

  constructor(
    private readonly desk: Desk,
    private readonly options: HostSyncOptions,
  ) {
    this.drift = new DriftWatch(options.driftCheck ?? {}, () =>
      this.checkDrift().then(() => undefined),
    );
    // Subscribed once: live sync comes and goes (verify pauses it), the indicator stays.
    this.unsubscribeChanges = desk.changes.subscribe(() => {
      this.publishQuietly();
    });
  }

  /** Starts live sync once the desk is enrolled; safe to call again. */
  start(): void {
    if (this.live || this.closed || !this.desk.identity) return;
    const transport = this.syncTransport();
    this.live = startLiveSync(this.desk, transport, {
      ...(this.options.maxBackoffMs === undefined
        ? {}
        : { maxBackoffMs: this.options.maxBackoffMs }),
      ...(this.options.fetchImpl ? { fetchImpl: this.options.fetchImpl } : {}),
      onSynced: (report) => {
        this.settled(true);
        // A refusal's heal replaces the tables that differ; a drift check would only list
        // the refused change's rows as rows the server lacks.
        if (report.refused > 0) this.healAfterRefusal();
        else if (report.pushed > 0 || report.pulledRows > 0 || this.driftUnchecked()) {
          this.drift.request();
        }
      },
      onError: (error) => {
        this.settled(!(error instanceof SyncOfflineError));
      },
    });
  }

  /**
   * First sync after enrolment, with progress for the first-run screen: as the
   * `initialSync` task, or to `onProgress` when it is one step of a larger task.
   */
  async initialSync(onProgress?: (progress: SyncProgress) => void): Promise<void> {
    await syncOnce(this.desk, this.transportFor(), {
      onProgress:
        onProgress ??
        ((p) => {
          this.options.emit({ type: 'progress', task: 'initialSync', ...p });
        }),
    });
    this.online = true;
    this.start();
    await this.publish();
  }

  /** Whether the server answered the last sync attempt. */
  isOnline(): boolean {
    return this.online;
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
      driftProblems: status.driftProblems,
      allSynced: status.allSynced,
    };
  }

  /**
   * Runs a sync round now and reports the status after it. Offline is a status, not an
   * error: the indicator says so and the round is retried with backoff.
   */
  async syncNow(): Promise<SyncStatusView> {
    if (this.live) {
      await this.live.syncNow().catch((error: unknown) => {
        // Offline, or a server of another protocol version (R3.9): not a failure of this
        // call but the state of the desk, which the status reports; changes stay pending.
        if (!(error instanceof SyncOfflineError) && !isProtocolMismatch(error)) throw error;
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

  /**
   * Compares the tables syncs touched with the server and repairs what the server is the
   * authority for (R6.4). Runs one at a time with verify and repair, not during a heal
   * (which repairs whole tables anyway), and beside live sync: it re-checks before each
   * write that the desk has not moved. Undefined when it did not run.
   */
  async checkDrift(): Promise<DriftReport | undefined> {
    if (this.healing || this.closed || !this.desk.identity) return undefined;
    return this.exclusively(async () => {
      const report = await runDriftCheck(this.desk, this.transportFor(), {
        ...(this.options.log ? { log: this.options.log } : {}),
        onProgress: (p) => {
          this.options.emit({ type: 'progress', task: 'repair', ...p });
        },
      });
      this.options.driftCheck?.onReport?.(report);
      await this.publish();
      return report;
    }).catch((error: unknown) => {
      if (error instanceof SyncOfflineError) this.settled(false);
      this.options.log?.(`drift check did not finish: ${String(error)}`);
      return undefined;
    });
  }

  /** Asks for a sync round soon (a server just came back); no-op before enrolment. */
  poke(): void {
    this.live?.poke();
  }

  async publish(): Promise<void> {
    this.options.emit({ type: 'sync', status: await this.status() });
  }

  /** Stops live sync for good: waits for a verify or repair under way, then closes. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribeChanges();
    await this.drift.close();
    await this.exclusive.catch(() => undefined);
    await this.stop();
  }

  private async stop(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    await live?.stop();
  }

  /**
   * Runs `work` with live sync stopped, one such section at a time (a verify from the sync
   * screen and a repair after a refusal must not interleave), then restarts live sync.
   */
  private paused<T>(work: (transport: SyncTransport) => Promise<T>): Promise<T> {
    return this.exclusively(async () => {
      await this.stop();
      try {
        const result = await work(this.syncTransport());
        this.online = true;
        return result;
      } catch (error) {
        if (error instanceof SyncOfflineError) this.online = false;
        throw error;
      } finally {
        if (!this.closed) this.start();
        await this.publish();
      }
    });
  }

  /** Runs `work` after every verify, repair or drift check queued before it has ended. */
  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    const result = this.exclusive.then(work, work);
    this.exclusive = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Tables still await a check (one was deferred, or the desk restarted before it ran). */
  private driftUnchecked(): boolean {
    try {
      return touchedTables(this.desk).tables.length > 0;
    } catch {
      return false; // the desk is closing
    }
  }

  private settled(online: boolean): void {
    this.online = online;
    this.publishQuietly();
  }

  /**
   * The server refused a change this desk already applied locally; nothing else would undo
   * those local effects, so the tables that now differ are re-downloaded from the server
   * (the refusal itself stays listed under problems for staff). With local changes still
   * unsent, the repair waits for the next refusal-free moment: it is tried again after the
   * next refused push, and staff can run it from the sync screen.
   */
  private healAfterRefusal(): void {
    if (this.healing || this.closed) return;
    this.healing = true;
    this.repair()
      .catch((error: unknown) => {
        this.options.log?.(`repair after a refused change did not finish: ${String(error)}`);
      })
      .finally(() => {
        this.healing = false;
      });
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

  /**
   * For live sync, verify and repair: records the tables pulled pages touch, for the drift
   * check. The initial sync does without: it copies every table, and checking them all at
   * once would cost a large studio what the check exists to avoid.
   */
  private syncTransport(): SyncTransport {
    this.recordingTransport ??= recordingPulledTables(this.desk, this.transportFor());
    return this.recordingTransport;
  }
}

function isProtocolMismatch(error: unknown): boolean {
  return error instanceof SyncServerError && error.code === PROTOCOL_UNSUPPORTED;
}

function toView(report: Awaited<ReturnType<typeof verifyDesk>>): VerifyView {
  return {
    matches: report.matches,
    position: report.position,
    mismatchedTables: report.mismatched.map((m) => m.table),
  };
}
