import type { SyncStatusView } from './desk-methods';

/**
 * The steps of `setup.openDemo`, in the order they run. A step may be skipped (a demo
 * server reopening its folder has no studio to create); a later step means the earlier
 * ones are done.
 */
export const OPEN_DEMO_PHASES = [
  /** Opening the demo server's database and migrating it. */
  'startServer',
  /** The demo generator plans the studio before it writes a first row. */
  'createStudio',
  /** Rows written of the generator's estimate. */
  'loadRows',
  /** The desk joins the demo studio. */
  'enrol',
  /** The desk's initial sync: positions pulled of the studio's head position. */
  'initialSync',
] as const;
export type OpenDemoPhase = (typeof OPEN_DEMO_PHASES)[number];

/** What the desk core tells every open screen without being asked. */
export type DeskEvent =
  /** After every sync attempt and every local change: drives the sync indicator. */
  | { readonly type: 'sync'; readonly status: SyncStatusView }
  /** Long work (enrolment's initial sync, repair): `done` of `total` in `phase`. */
  | {
      readonly type: 'progress';
      readonly task: 'initialSync' | 'repair';
      readonly phase: string;
      readonly done: number;
      readonly total: number;
    }
  /**
   * Opening the demo studio, step by step: `done` of `total` within `phase` (never more),
   * ending with the initial sync at `done === total`.
   */
  | {
      readonly type: 'progress';
      readonly task: 'openDemo';
      readonly phase: OpenDemoPhase;
      readonly done: number;
      readonly total: number;
    };
