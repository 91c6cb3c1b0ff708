import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { canonicalParams, parseStripeForm, type FormValue } from './stripe-form';
import {
  stripeId,
  StripeFakeError,
  type FakeEvent,
  type FakeIntent,
  type StripeErrorBody,
} from './stripe-fake-objects';
import { StripeFakeBalance } from './stripe-fake-balance';
import { StripeFakeConnect } from './stripe-fake-connect';
import { StripeFakeLedger } from './stripe-fake-ledger';
import { StripeFakeOffSession } from './stripe-fake-off-session';

/**
 * A local HTTP server speaking Stripe's API for the endpoints the sync server uses:
 * form-encoded bodies, `Stripe-Account` (objects live on one connected account and are
 * invisible from others), `Idempotency-Key` (a replay answers the first reply; other
 * parameters under the same key are an `idempotency_error`), Stripe's error shape and
 * statuses, and signed webhooks of what happened. `presentCard` plays the reader and the
 * card network; `failNext` drops connections or answers errors.
 */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly account: string | null;
  readonly idempotencyKey: string | null;
  readonly params: Record<string, FormValue>;
  readonly rawBody: string;
  readonly replayed: boolean;
}

export type FakeFailure =
  /** The socket is destroyed before (`before`) or after (`after`) the request took effect. */
  | { readonly kind: 'network'; readonly when: 'before' | 'after' }
  | { readonly kind: 'stripe'; readonly status: number; readonly error: StripeErrorBody };

export interface WebhookDelivery {
  readonly eventId: string;
  readonly type: string;
  readonly body: string;
  readonly status: number;
  readonly response: string;
}

interface StoredReply {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: string;
}

interface PendingFailure {
  readonly method: string | undefined;
  readonly path: RegExp;
  readonly failure: FakeFailure;
  remaining: number;
}

type Handler = (params: Record<string, FormValue>, account: string) => unknown;

export interface StripeFakeOptions {
  readonly secretKey: string;
  readonly webhookSecret: string;
  /** Milliseconds: object timestamps and webhook signatures follow the test's clock. */
  readonly now: () => number;
}

export class StripeFake {
  readonly requests: RecordedRequest[] = [];
  readonly deliveries: WebhookDelivery[] = [];
  readonly ledger: StripeFakeLedger;
  /** Connected accounts, onboarding links, Terminal locations and readers (issue 16). */
  readonly connect: StripeFakeConnect;
  /** Customers, saved cards and off-session charges (issue 18, renewal billing). */
  readonly offSession: StripeFakeOffSession;
  /** Balance transactions and payouts of each connected account (issue 19, reconciliation). */
  readonly balance: StripeFakeBalance;
  private readonly replies = new Map<string, StoredReply>();
  private readonly failures: PendingFailure[] = [];
  private readonly server = createServer((request, response) => {
    void this.serve(request, response);
  });

  private constructor(private readonly options: StripeFakeOptions) {
    this.ledger = new StripeFakeLedger(
      () => Math.floor(options.now() / 1000),
      () => this.offSession,
    );
    this.connect = new StripeFakeConnect(() => Math.floor(options.now() / 1000));
    this.balance = new StripeFakeBalance(() => Math.floor(options.now() / 1000));
    this.offSession = new StripeFakeOffSession(
      () => Math.floor(options.now() / 1000),
      (intent, account) => {
        this.ledger.keep(intent, account);
      },
    );
  }

  static async start(options: StripeFakeOptions): Promise<StripeFake> {
    const fake = new StripeFake(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** For `PaymentsOptions.api`: the Stripe SDK pointed at this fake. */
  get api() {
    const { port } = this.server.address() as AddressInfo;
    return { host: '127.0.0.1', port, protocol: 'http' as const };
  }

  intent(id: string): FakeIntent | undefined {
    return this.ledger.intent(id);
  }

  allIntents(): FakeIntent[] {
    return this.ledger.allIntents();
  }

  failNext(
    match: { readonly method?: string; readonly path: RegExp },
    failure: FakeFailure,
    times = 1,
  ): void {
    this.failures.push({ method: match.method, path: match.path, failure, remaining: times });
  }

  /** Forgets failures not used up yet. */
  clearFailures(): void {
    this.failures.length = 0;
  }

  /** The reader read a card and Stripe authorised (`approve`) or declined it. */
  presentCard(intentId: string, outcome: 'approve' | { readonly decline: string }): void {
    this.ledger.presentCard(intentId, outcome);
  }

  /** Events Stripe would send, signed as it signs them; `mutate` makes a forged one. */
  signed(event: FakeEvent, secret = this.options.webhookSecret) {
    const body = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret,
      timestamp: Math.floor(this.options.now() / 1000),
    });
    return { body, signature };
  }

  pendingWebhooks(): readonly FakeEvent[] {
    return this.ledger.pendingEvents;
  }

  /** Posts every pending event to `url` in order, as Stripe's webhook sender does. */
  async deliverWebhooks(url: string): Promise<WebhookDelivery[]> {
    const events = this.ledger.pendingEvents;
    this.ledger.pendingEvents = [];
    const delivered: WebhookDelivery[] = [];
    for (const event of events) delivered.push(await this.deliver(url, event));
    return delivered;
  }

  async deliver(url: string, event: FakeEvent, secret?: string): Promise<WebhookDelivery> {
    const { body, signature } = this.signed(event, secret);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': signature,
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      body,
    });
    const delivery = {
      eventId: event.id,
      type: event.type,
      body,
      status: response.status,
      response: await response.text(),
    };
    this.deliveries.push(delivery);
    return delivery;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private takeFailure(method: string, path: string): FakeFailure | undefined {
    const found = this.failures.find(
      (f) =>
        f.remaining > 0 && (f.method === undefined || f.method === method) && f.path.test(path),
    );
    if (!found) return undefined;
    found.remaining--;
    return found.failure;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://fake.stripe');
    const method = request.method ?? 'GET';
    const path = url.pathname;
    const account = header(request, 'stripe-account');
    const idempotencyKey = header(request, 'idempotency-key');
    const params =
      method === 'GET' ? parseStripeForm(url.search.slice(1)) : parseStripeForm(rawBody);
    const failure = this.takeFailure(method, path);
    if (failure?.kind === 'network' && failure.when === 'before') {
      request.socket.destroy();
      return;
    }
    const fingerprint = `${method} ${path} ${canonicalParams(params)}`;
    const replyKey = idempotencyKey === null ? null : `${account ?? '-'}|${idempotencyKey}`;
    const stored = replyKey === null ? undefined : this.replies.get(replyKey);
    this.requests.push({
      method,
      path,
      account,
      idempotencyKey,
      params,
      rawBody,
      replayed: stored !== undefined && stored.fingerprint === fingerprint,
    });
    let reply: { status: number; body: string };
    if (stored && stored.fingerprint !== fingerprint) {
      reply = errorReply(
        new StripeFakeError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey ?? ''}' if you meant to execute a different request.`,
        }),
      );
    } else if (stored) {
      reply = stored;
    } else if (failure?.kind === 'stripe') {
      reply = errorReply(new StripeFakeError(failure.status, failure.error));
    } else {
      reply = this.handle(request, method, path, params, account);
      if (replyKey !== null && method === 'POST') {
        this.replies.set(replyKey, { fingerprint, ...reply });
      }
    }
    if (failure?.kind === 'network') {
      request.socket.destroy();
      return;
    }
    response.writeHead(reply.status, {
      'content-type': 'application/json',
      'request-id': stripeId('req'),
      ...(stored && stored.fingerprint === fingerprint ? { 'idempotent-replayed': 'true' } : {}),
    });
    response.end(reply.body);
  }

  private handle(
    request: IncomingMessage,
    method: string,
    path: string,
    params: Record<string, FormValue>,
    account: string | null,
  ): { status: number; body: string } {
    if (header(request, 'authorization') !== `Bearer ${this.options.secretKey}`) {
      return errorReply(
        new StripeFakeError(401, {
          type: 'authentication_error',
          message: 'Invalid API Key provided.',
        }),
      );
    }
    const route = this.routes().find((r) => r.method === method && r.path.test(path));
    if (!route) {
      return errorReply(
        new StripeFakeError(404, {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${method}: ${path}).`,
        }),
      );
    }
    try {
      const id = route.path.exec(path)?.[1] ?? '';
      const body = route.handler({ ...params, ...(id ? { id } : {}) }, account ?? 'platform');
      return { status: 200, body: JSON.stringify(body) };
    } catch (error) {
      if (error instanceof StripeFakeError) return errorReply(error);
      return errorReply(
        new StripeFakeError(500, { type: 'api_error', message: 'An unknown error occurred' }),
      );
    }
  }

  private routes(): { method: string; path: RegExp; handler: Handler }[] {
    return [
      {
        method: 'POST',
        path: /^\/v1\/terminal\/connection_tokens$/,
        handler: () => ({ object: 'terminal.connection_token', secret: stripeId('pst_test') }),
      },
      {
        method: 'POST',
        path: /^\/v1\/payment_intents$/,
        // confirm=true charges a saved card at once (off-session); else a Terminal intent.
        handler: (p, a) => {
          if (p['confirm'] !== 'true') return this.ledger.create(p, a);
          const charged = this.offSession.createConfirmed(p, a);
          // A renewal's charge reaches the account's balance too (issue 19).
          this.balance.charged(charged, a);
          return charged;
        },
      },
      {
        method: 'GET',
        path: /^\/v1\/payment_intents\/([^/]+)$/,
        handler: (p, a) => this.ledger.expanded(p, () => this.ledger.own(p, a)),
      },
      {
        method: 'POST',
        path: /^\/v1\/payment_intents\/([^/]+)\/capture$/,
        // A captured charge reaches the account's balance (issue 19).
        handler: (p, a) =>
          this.ledger.expanded(p, () => {
            const intent = this.ledger.capture(p, a);
            this.balance.charged(intent, a);
            return intent;
          }),
      },
      {
        method: 'POST',
        path: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
        handler: (p, a) => this.ledger.cancel(p, a),
      },
      {
        method: 'POST',
        path: /^\/v1\/refunds$/,
        // A refund leaves the account's balance too (issue 19).
        handler: (p, a) => {
          const refund = this.ledger.refund(p, a);
          this.balance.refunded(refund, a);
          return refund;
        },
      },
      ...this.connect.routes(),
      ...this.offSession.routes(),
      ...this.balance.routes(),
    ];
  }
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

function errorReply(error: StripeFakeError): { status: number; body: string } {
  return { status: error.status, body: JSON.stringify({ error: error.body }) };
}
