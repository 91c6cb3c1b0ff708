import { expect } from 'vitest';
import type { Locator } from 'playwright-core';
import type { FeatureKey } from '../../../src-shared/features/feature-catalogue';
import type { TestDatabaseHandle } from '../../server/support/server-harness';
import { serverctl } from '../../support/serverctl-run';
import { openOwnerDesk, type OwnerDesk } from './enrolled-desk';

/** How long a switch may take to reach an open desk: a commit, a NOTIFY, a poke and a pull. */
const SWITCH_REACHES_DESK_MS = 30_000;

/**
 * The owner's desk on a Postgres server that LISTENs: `serverctl` commits on its own
 * connection, and the server hears it and pokes the desk, as in production (R5.1).
 */
export function openOwnerDeskForPlanSwitches(studioName: string): Promise<OwnerDesk> {
  return openOwnerDesk(studioName, { backend: 'postgres', hearOtherConnections: true });
}

/** Resolves when a plan switch has taken `locator` off the desk. */
export function goneAfterSwitch(locator: Locator): Promise<void> {
  return locator.waitFor({ state: 'detached', timeout: SWITCH_REACHES_DESK_MS });
}

/** Resolves when a plan switch has brought `locator` (back) onto the desk. */
export function shownAfterSwitch(locator: Locator): Promise<void> {
  return locator.waitFor({ state: 'visible', timeout: SWITCH_REACHES_DESK_MS });
}

/**
 * Switches a studio's plan feature with `serverctl features set`, as the platform does: its
 * own connection to the database, so the commit reaches a server's desks only through
 * LISTEN/NOTIFY (R5.1). `tenant` is the studio's slug or id; the command must succeed.
 */
export async function setPlanFeature(
  database: TestDatabaseHandle,
  tenant: string,
  feature: FeatureKey,
  state: 'on' | 'off',
): Promise<void> {
  const run = await serverctl(
    { DATABASE_URL: database.url ?? '' },
    'features',
    'set',
    '--tenant',
    tenant,
    feature,
    state,
  );
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
}
