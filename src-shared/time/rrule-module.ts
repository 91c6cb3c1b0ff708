import * as rruleModule from 'rrule';

/** The rrule package as either of its builds offers it. */
export type RruleModule = typeof rruleModule;

function isRruleModule(candidate: unknown): candidate is RruleModule {
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    'RRule' in candidate &&
    typeof candidate.RRule === 'function'
  );
}

/**
 * rrule's package.json has no "exports" map: bundlers and Vitest load its ES build, Node's
 * own loader (tsx) its UMD build as CommonJS, offered only as `default`. Accept either.
 */
export function loadRrule(): RruleModule {
  if (isRruleModule(rruleModule)) return rruleModule;
  const commonJs: unknown = Reflect.get(rruleModule, 'default');
  if (isRruleModule(commonJs)) return commonJs;
  throw new Error('the rrule package loaded without its RRule export');
}
