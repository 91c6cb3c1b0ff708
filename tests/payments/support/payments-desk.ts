import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, type Desk } from '../../../src-main/store/open-desk';
import { enrollDesk } from '../../../src-main/sync/enrollment';
import { syncOnce } from '../../../src-main/sync/sync-engine';
import { createHttpTransport } from '../../../src-main/sync/sync-transport';
import {
  createDeskPayments,
  type DeskPayments,
} from '../../../src-main/hardware/card-reader/card-payments';
import {
  createFakePaymentTerminal,
  type FakePaymentTerminal,
} from '../../../src-renderer/hardware/card-reader/fake-payment-terminal';
import { createEnrollmentCode } from '../../../sync-server/admin/device-admin';
import { paymentsBridgeFor } from './desk-payments-bridge';
import type { PaymentsWorld } from './payments-world';

/** The URL a fetch was called with, whichever form it came in. */
export function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** Desk ↔ server traffic as it crossed the wire: request line, body, and the reply's body. */
export function recordingFetch(traffic: string[], inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const reply = await response.clone().text();
    const body = typeof init?.body === 'string' ? init.body : '';
    traffic.push(`${init?.method ?? 'GET'} ${urlOf(input)}\n${body}\n${reply}`);
    return response;
  };
}

/**
 * Loses the reply to requests whose URL matches, after the server acted on them: what a
 * connection dropped mid-answer looks like to the desk.
 */
export function replyLosingFetch(lose: (url: string) => boolean): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!lose(urlOf(input))) return response;
    await response.text();
    throw new TypeError('fetch failed: the connection was reset');
  };
}

export interface CardDesk {
  readonly desk: Desk;
  readonly payments: DeskPayments;
  readonly terminal: FakePaymentTerminal;
  readonly bridge: ReturnType<typeof paymentsBridgeFor>;
  sync(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A real desk (SQLite, enrolled, synced) of `tenantId`, with its payments and the fake
 * terminal wired as the desk app wires them; the fake's card network is the Stripe fake.
 */
export async function openCardDesk(
  world: PaymentsWorld,
  tenantId: string,
  settings: { readonly fetchImpl?: typeof fetch; readonly online?: () => boolean } = {},
): Promise<CardDesk> {
  const fetchImpl = settings.fetchImpl ?? fetch;
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-desk-payments-'));
  const desk = await openDesk({ dataDir });
  const { code } = await createEnrollmentCode(
    { db: world.database.db, clock: world.clock },
    { tenantId },
  );
  const identity = await enrollDesk(desk, world.url, code, 'Front desk', fetchImpl);
  const transport = createHttpTransport(identity.serverUrl, () => identity.deviceToken, fetchImpl);
  await syncOnce(desk, transport);
  const payments = createDeskPayments(desk, {
    fetchImpl,
    isOnline: settings.online ?? (() => true),
  });
  const bridge = paymentsBridgeFor(payments);
  const terminal = createFakePaymentTerminal(bridge, {
    onCardPresented: (intentId, outcome) => {
      world.stripe.presentCard(
        intentId,
        outcome === 'approve' ? 'approve' : { decline: 'insufficient_funds' },
      );
    },
  });
  return {
    desk,
    payments,
    terminal,
    bridge,
    sync: async () => {
      await syncOnce(desk, transport);
    },
    dispose: async () => {
      await desk.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
