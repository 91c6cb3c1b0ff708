import type { Desk } from '../../src-main/store/open-desk';

/** `PRAGMA synchronous`'s value for FULL: every commit of the desk waits for its fsync. */
export const FULL = 2;

/**
 * Runs `work` recording every `synchronous = …` the desk sets meanwhile, and returns them
 * with the setting in effect after it: how the tests of R4.3 see which commits skip their
 * own fsync.
 */
export async function synchronousSettings(desk: Desk, work: () => Promise<unknown>) {
  const set: string[] = [];
  const pragma = desk.sqlite.pragma.bind(desk.sqlite);
  desk.sqlite.pragma = (source: string, options?: { simple?: boolean }) => {
    if (source.startsWith('synchronous =')) set.push(source);
    return pragma(source, options);
  };
  try {
    await work();
  } finally {
    desk.sqlite.pragma = pragma;
  }
  return { set, now: pragma('synchronous', { simple: true }) };
}
