import { statSync } from 'node:fs';

/**
 * Quiet time, in ms, before the desk copies its WAL back: a tick sees no write twice, so
 * 0.5–1 s. A cashier's pause, not the gap between two sales of a queue: with 50 ms, every
 * sale 150 ms after the last was followed by a copy, and those sales measured slower.
 */
export const IDLE_CHECKPOINT_TICK_MS = 500;

export interface IdleCheckpoint {
  stop(): void;
}

/** What the checkpoint needs of the desk's better-sqlite3 handle. */
export interface CheckpointedHandle {
  readonly open: boolean;
  readonly inTransaction: boolean;
  pragma(source: string, options?: { simple: boolean }): unknown;
}

export interface IdleCheckpointOptions {
  readonly tickMs?: number;
  /**
   * The automatic threshold the desk set as its fallback. Another value means someone else
   * manages checkpoints for now (a bulk pull raises it and truncates the WAL when it ends).
   */
  readonly fallbackPages: number;
}

/**
 * Copies the desk's WAL back into its database file when the desk is idle, so the copy and
 * its fsyncs happen between sales instead of inside one (issue 21, B6), then writes one page
 * (`user_version`, unused otherwise) so that write, not the next sale, restarts the WAL:
 * SQLite fsyncs the WAL header in the first commit after a restart, which made every sale
 * after an idle checkpoint pay two fsyncs. The WAL file's modification time tells whether
 * anything was written since the last look. Runs on the desk's own connection, never inside
 * an open transaction; PASSIVE never waits for anyone.
 */
export function startIdleCheckpoint(
  sqlite: CheckpointedHandle,
  file: string,
  options: IdleCheckpointOptions,
): IdleCheckpoint {
  const wal = `${file}-wal`;
  const modified = () => statSync(wal, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  let seen = modified();
  let copied = seen;
  const copyBack = () => {
    if (sqlite.pragma('wal_autocheckpoint', { simple: true }) !== options.fallbackPages) return;
    const [result] = sqlite.pragma('wal_checkpoint(PASSIVE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    if (result && result.busy === 0 && result.log > 1 && result.log === result.checkpointed) {
      // Another process writing the file (deskctl beside the app) must not stall this one.
      const wait: unknown = sqlite.pragma('busy_timeout', { simple: true });
      sqlite.pragma('busy_timeout = 0');
      try {
        const version: unknown = sqlite.pragma('user_version', { simple: true });
        sqlite.pragma(`user_version = ${Number(version)}`);
      } finally {
        sqlite.pragma(`busy_timeout = ${Number(wait)}`);
      }
    }
  };
  const timer = setInterval(() => {
    if (!sqlite.open || sqlite.inTransaction) return;
    const now = modified();
    if (now !== seen) {
      seen = now;
      return;
    }
    if (now === copied) return;
    try {
      copyBack();
    } catch {
      // Busy, or worse: a timer is no place to fail the desk. The next commit reports real
      // I/O trouble to its caller, and the fallback threshold still bounds the WAL.
    }
    copied = modified();
    seen = copied;
  }, options.tickMs ?? IDLE_CHECKPOINT_TICK_MS);
  // Never the reason a desk process stays alive.
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
    },
  };
}
