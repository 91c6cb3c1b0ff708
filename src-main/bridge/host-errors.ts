import type { DeskErrorBody } from '../../src-shared/bridge/desk-bridge';
import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';
import { SignInError } from '../staff/staff-sign-in';
import { SyncOfflineError, SyncServerError } from '../sync/sync-transport';
import { DeskPaymentsError } from '../hardware/card-reader/card-payments';

/** A refusal the host raises itself, with a code the screens can act on. */
export class DeskHostRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeskHostRefusal';
  }
}

/**
 * Turns anything a desk call threw into what staff read: what happened and what to do.
 * Unexpected errors are logged with their stack; staff get the message, never the stack.
 */
export function toDeskError(error: unknown, log: (message: string) => void): DeskErrorBody {
  if (
    error instanceof DeskHostRefusal ||
    error instanceof SignInError ||
    error instanceof DeskPaymentsError
  ) {
    return { code: error.code, message: error.message };
  }
  if (error instanceof MutationRefusal) return { code: error.code, message: error.message };
  if (error instanceof SyncOfflineError) {
    return {
      code: 'offline',
      message: `The studio's server cannot be reached (${error.message}). Check the internet connection; the desk keeps working and syncs when it is back.`,
    };
  }
  if (error instanceof SyncServerError) {
    return { code: error.code, message: `The studio's server refused: ${error.message}` };
  }
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `Something went wrong at the desk (${detail}). Nothing half-done was saved; try again, and tell the studio owner if it keeps happening.`,
  };
}
