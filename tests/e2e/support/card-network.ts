import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StripeFake } from '../../payments/support/stripe-fake';

export type PresentedCard = 'approve' | { readonly decline: string };

/**
 * The card network, between the sync server and the Stripe fake. With a real reader the
 * card is authorised (or declined) by Stripe between the reader's collect and the desk's
 * capture; the fake reader in the page cannot reach the test's Stripe fake, so this proxy
 * plays that step: when the server asks to capture an intent no card was presented for, it
 * first presents `card` to the fake, then forwards the capture unchanged. Every other
 * request passes through untouched, so the fake records what the server really sent.
 */
export interface CardNetwork {
  /** For `PaymentsOptions.api`: the server's Stripe SDK talks to the proxy. */
  readonly api: { readonly host: string; readonly port: number; readonly protocol: 'http' };
  /** The card the next capture finds presented. */
  card: PresentedCard;
  /** Intents this network presented a card for, in order. */
  readonly presented: { readonly intentId: string; readonly card: PresentedCard }[];
  /**
   * Keeps captures waiting (the desk then shows its last prompt) until the returned
   * function is called: a moment on screen the test can look at without racing it.
   */
  hold(): () => void;
  close(): Promise<void>;
}

const CAPTURE = /^\/v1\/payment_intents\/(pi_\w+)\/capture$/;

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startCardNetwork(stripe: StripeFake): Promise<CardNetwork> {
  const network: Pick<CardNetwork, 'card' | 'presented'> = { card: 'approve', presented: [] };
  let gate: Promise<void> | null = null;
  const server = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      const intentId = request.method === 'POST' ? CAPTURE.exec(request.url ?? '')?.[1] : undefined;
      if (intentId !== undefined && gate !== null) await gate;
      const intent = intentId === undefined ? undefined : stripe.intent(intentId);
      if (intentId && intent?.status === 'requires_payment_method') {
        stripe.presentCard(intentId, network.card);
        network.presented.push({ intentId, card: network.card });
      }
      const forwarded = httpRequest(
        {
          host: stripe.api.host,
          port: stripe.api.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (reply) => {
          response.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(response);
        },
      );
      forwarded.on('error', () => {
        response.destroy();
      });
      forwarded.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(network, {
    api: { host: '127.0.0.1', port, protocol: 'http' as const },
    hold: () => {
      let open: () => void = () => undefined;
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      return () => {
        gate = null;
        open();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  });
}
