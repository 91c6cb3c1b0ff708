import { MutationRefusal } from '../../src-shared/mutations/mutation-definition';

export interface Refusal {
  readonly code: string;
  readonly reason: string;
}

/** The SQLSTATE of a database error from node-postgres or PGlite, if it is one. */
function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether a failed mutation is refused (acknowledged, logged, the queue moves on: R3.4) or
 * fails the whole batch for the desk to retry. Deterministic failures are refused, since a
 * retry would fail the same way and wedge the queue behind it (LESSONS.md, PowerSync);
 * transient ones (connection, deadlock, serialization, resources) fail the batch.
 */
export function refusalFor(error: unknown): Refusal | undefined {
  if (error instanceof MutationRefusal) return { code: error.code, reason: error.message };
  const sqlState = sqlStateOf(error);
  if (sqlState !== undefined) {
    const errorClass = sqlState.slice(0, 2);
    // 22 data exception, 23 integrity constraint: the mutation's data does not fit.
    if (errorClass === '22' || errorClass === '23') {
      return { code: 'invalid', reason: `the server's database refused it: ${messageOf(error)}` };
    }
    // 42501: a row-level security policy or a grant stopped it: another tenant's rows.
    if (sqlState === '42501') {
      return { code: 'forbidden', reason: `the server's database refused it: ${messageOf(error)}` };
    }
    return undefined;
  }
  // Network errors carry codes like ECONNRESET: transient.
  if (typeof error === 'object' && error !== null && 'code' in error) return undefined;
  if (error instanceof Error) {
    return { code: 'failed', reason: `the server could not run it: ${error.message}` };
  }
  return undefined;
}
