import type { FormValue } from './stripe-form';
import { stripeId, StripeFakeError } from './stripe-fake-objects';

/**
 * Stripe Connect and Terminal set-up as the fake keeps it (issue 16): connected accounts made
 * by the platform (`POST /v1/accounts`, `GET /v1/accounts/:id`), onboarding links
 * (`POST /v1/account_links`), and on a connected account (`Stripe-Account`) Terminal
 * locations and readers registered by code. Objects have Stripe's shape and `object` field.
 */
export interface FakeAccount {
  id: string;
  object: 'account';
  type: string;
  business_profile: { name: string | null };
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  country: string;
  default_currency: string;
  metadata: Record<string, string>;
  created: number;
}

export interface FakeTerminalLocation {
  id: string;
  object: 'terminal.location';
  display_name: string;
  address: {
    line1: string;
    line2: string | null;
    city: string | null;
    postal_code: string | null;
    state: string | null;
    country: string;
  };
  metadata: Record<string, string>;
  livemode: false;
}

export interface FakeReader {
  id: string;
  object: 'terminal.reader';
  device_type: string;
  label: string;
  location: string;
  serial_number: string;
  status: 'online' | 'offline';
  metadata: Record<string, string>;
  livemode: false;
}

type Route = {
  method: string;
  path: RegExp;
  handler: (params: Record<string, FormValue>, account: string) => unknown;
};

/** Stripe's own code for a simulated WisePOS E reader; `offerReader` adds real-looking ones. */
export const SIMULATED_READER_CODE = 'simulated-wpe';

export class StripeFakeConnect {
  readonly accounts = new Map<string, FakeAccount>();
  /** Terminal locations and readers, each on the connected account it was made on. */
  readonly locations = new Map<string, { account: string; location: FakeTerminalLocation }>();
  readonly readers = new Map<string, { account: string; reader: FakeReader }>();
  private readonly readerCodes = new Set([SIMULATED_READER_CODE]);

  constructor(private readonly seconds: () => number) {}

  /** The owner finished onboarding on Stripe's pages: the account can take charges. */
  completeOnboarding(accountId: string): void {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`no account ${accountId}`);
    account.details_submitted = true;
    account.charges_enabled = true;
    account.payouts_enabled = true;
  }

  /** A physical reader showing this registration code, waiting to be registered. */
  offerReader(code: string): void {
    this.readerCodes.add(code);
  }

  routes(): Route[] {
    return [
      { method: 'POST', path: /^\/v1\/accounts$/, handler: (p, a) => this.createAccount(p, a) },
      {
        method: 'GET',
        path: /^\/v1\/accounts\/([^/]+)$/,
        handler: (p, a) => this.platformAccount(text(p['id']) ?? '', a),
      },
      {
        method: 'POST',
        path: /^\/v1\/account_links$/,
        handler: (p, a) => this.createAccountLink(p, a),
      },
      {
        method: 'POST',
        path: /^\/v1\/terminal\/locations$/,
        handler: (p, a) => this.createLocation(p, a),
      },
      {
        method: 'POST',
        path: /^\/v1\/terminal\/readers$/,
        handler: (p, a) => this.createReader(p, a),
      },
    ];
  }

  private createAccount(params: Record<string, FormValue>, account: string): FakeAccount {
    if (account !== 'platform') {
      throw invalid('Connected accounts are created by the platform.', 'account');
    }
    const profile = params['business_profile'];
    const name =
      typeof profile === 'object' && !Array.isArray(profile) ? text(profile['name']) : undefined;
    const created: FakeAccount = {
      id: stripeId('acct'),
      object: 'account',
      type: text(params['type']) ?? 'standard',
      business_profile: { name: name ?? null },
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      country: text(params['country']) ?? 'US',
      default_currency: 'usd',
      metadata: stringRecord(params['metadata']),
      created: this.seconds(),
    };
    this.accounts.set(created.id, created);
    return created;
  }

  private platformAccount(id: string, account: string): FakeAccount {
    const found = this.accounts.get(id);
    if (!found || (account !== 'platform' && account !== id)) throw missing('account', id, 'id');
    return found;
  }

  private createAccountLink(params: Record<string, FormValue>, account: string) {
    const id = required(params, 'account');
    this.platformAccount(id, account);
    const type = required(params, 'type');
    if (type !== 'account_onboarding' && type !== 'account_update') {
      throw invalid(`Invalid type: must be one of account_onboarding or account_update`, 'type');
    }
    for (const param of ['return_url', 'refresh_url']) {
      const url = required(params, param);
      if (!/^https?:\/\//.test(url)) throw invalid(`Not a valid URL`, param);
    }
    const created = this.seconds();
    return {
      object: 'account_link',
      created,
      expires_at: created + 300,
      url: `https://connect.stripe.com/setup/s/${id}/${stripeId('x').slice(2, 14)}`,
    };
  }

  private connected(account: string): string {
    if (!this.accounts.has(account)) {
      throw new StripeFakeError(403, {
        type: 'invalid_request_error',
        message: `The provided key does not have access to account '${account}' (or that account does not exist).`,
      });
    }
    return account;
  }

  private createLocation(params: Record<string, FormValue>, account: string) {
    this.connected(account);
    const address = params['address'];
    if (typeof address !== 'object' || Array.isArray(address)) {
      throw invalid('Missing required param: address.', 'address');
    }
    const location: FakeTerminalLocation = {
      id: stripeId('tml'),
      object: 'terminal.location',
      display_name: required(params, 'display_name'),
      address: {
        line1: required(address, 'line1', 'address[line1]'),
        line2: text(address['line2']) ?? null,
        city: text(address['city']) ?? null,
        postal_code: text(address['postal_code']) ?? null,
        state: text(address['state']) ?? null,
        country: required(address, 'country', 'address[country]'),
      },
      metadata: stringRecord(params['metadata']),
      livemode: false,
    };
    this.locations.set(location.id, { account, location });
    return location;
  }

  private createReader(params: Record<string, FormValue>, account: string) {
    this.connected(account);
    const code = required(params, 'registration_code');
    const locationId = required(params, 'location');
    const location = this.locations.get(locationId);
    if (!location || location.account !== account) {
      throw missing('terminal.location', locationId, 'location');
    }
    if (!this.readerCodes.has(code)) {
      throw invalid(
        `The registration code '${code}' is invalid or has expired; restart the reader to get a new one.`,
        'registration_code',
      );
    }
    this.readerCodes.delete(code);
    if (code === SIMULATED_READER_CODE) this.readerCodes.add(code);
    const reader: FakeReader = {
      id: stripeId('tmr'),
      object: 'terminal.reader',
      device_type: code === SIMULATED_READER_CODE ? 'simulated_wisepos_e' : 'bbpos_wisepos_e',
      label: text(params['label']) ?? code,
      location: locationId,
      serial_number: stripeId('WSC').slice(4, 16).toUpperCase(),
      status: 'online',
      metadata: stringRecord(params['metadata']),
      livemode: false,
    };
    this.readers.set(reader.id, { account, reader });
    return reader;
  }
}

function text(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function required(params: Record<string, FormValue>, name: string, param = name): string {
  const value = text(params[name]);
  if (value === undefined || value === '')
    throw invalid(`Missing required param: ${param}.`, param);
  return value;
}

function invalid(message: string, param: string) {
  return new StripeFakeError(400, { type: 'invalid_request_error', message, param });
}

function missing(kind: string, id: string, param: string) {
  return new StripeFakeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

function stringRecord(value: FormValue | undefined): Record<string, string> {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}
