import { DeskBridgeError } from '../../src-shared/bridge/desk-bridge';

/** What staff read when something fails: what happened, then what to do about it. */
export interface ErrorText {
  readonly what: string;
  readonly nextStep: string;
}

const NEXT_STEP_BY_CODE: Record<string, string> = {
  not_signed_in: 'Sign in again with your PIN.',
  forbidden: 'Ask an owner or manager to do this.',
  invalid: 'Check what was entered and try again.',
  not_found: 'Check the code or name; the desk may not have synced it yet.',
  rule: 'Fix what the message says, then try again.',
  offline: 'Keep working: the desk syncs by itself when the connection is back.',
  unavailable: 'Use another way for now; tell the studio owner if it should work.',
  desk_unreachable: 'Reload the page; if it stays, restart the desk program.',
  locked: 'Wait a moment, or ask another staff member to sign in.',
};

export function errorText(error: unknown): ErrorText {
  if (error instanceof DeskBridgeError) {
    return { what: error.message, nextStep: NEXT_STEP_BY_CODE[error.code] ?? 'Try again.' };
  }
  const what = error instanceof Error ? error.message : String(error);
  return { what, nextStep: 'Try again; tell the studio owner if it keeps happening.' };
}
