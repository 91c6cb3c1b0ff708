import type { SyncStatusView } from './desk-methods';

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
    };
