import { useCallback, useEffect, useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { ConnectStatusResponse } from '../../../src-shared/protocol/console-messages';
import { useDesk, useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { Field, FormOutcome, SelectField } from './console-fields';
import { useDeskLocation } from './desk-location';
import { useAction } from './use-action';

/**
 * Card payments, the owner's (`stripe.connectStatus`, `stripe.connect`,
 * `stripe.registerReader`): connect the studio's Stripe account, then register readers.
 */
export function PaymentsTab() {
  const desk = useDesk();
  const [status, setStatus] = useState<ConnectStatusResponse | null>(null);
  const { busy, error, run, fail } = useAction();

  const load = useCallback(async () => {
    try {
      setStatus(await desk.bridge.invoke('stripe.connectStatus', {}));
    } catch (failure) {
      fail(failure);
    }
  }, [desk.bridge, fail]);
  useEffect(() => {
    void load();
  }, [load]);

  const connect = () =>
    run(async () => {
      const here = window.location.href;
      const link = await desk.bridge.invoke('stripe.connect', {
        returnUrl: /^https?:/.test(here) ? here : 'https://stripe.com',
        refreshUrl: /^https?:/.test(here) ? here : 'https://stripe.com',
      });
      // Stripe's onboarding runs in the browser; the status is asked again on return.
      window.open(link.url, '_blank', 'noopener');
      return null;
    });

  return (
    <div className="columns">
      <section className="card" aria-label="Stripe account">
        <h3>Card payments</h3>
        <ErrorNote error={error} />
        {status && (
          <p role="status" aria-label="Stripe account status">
            {!status.connected
              ? 'No Stripe account is connected yet.'
              : status.chargesEnabled
                ? 'The studio’s Stripe account is connected and takes card payments.'
                : status.detailsSubmitted
                  ? 'Stripe is checking the account’s details; card payments start once it is done.'
                  : 'The Stripe account needs more details before it takes card payments.'}
          </p>
        )}
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={() => void connect()}>
            {status?.connected ? 'Continue Stripe set-up' : 'Connect a Stripe account'}
          </button>
          <button type="button" disabled={busy} onClick={() => void load()}>
            Check again
          </button>
        </div>
      </section>
      <ReaderForm />
    </div>
  );
}

const ADDRESS = ['line1', 'city', 'postalCode', 'state', 'country'] as const;

function ReaderForm() {
  const desk = useDesk();
  const locations = useDeskQuery('studio.locations', {});
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const deskLocation = useDeskLocation().location;
  const [chosenId, setLocationId] = useState<string | null>(null);
  // Until staff choose, the reader is registered at this desk's location.
  const locationId = chosenId ?? deskLocation?.locationId ?? '';
  const [address, setAddress] = useState<Readonly<Record<(typeof ADDRESS)[number], string>>>({
    line1: '',
    city: '',
    postalCode: '',
    state: '',
    country: 'US',
  });
  const { busy, error, done, run } = useAction();

  const register = (event: SyntheticEvent) => {
    event.preventDefault();
    return run(async () => {
      const hasAddress = address.line1.trim() !== '';
      const reader = await desk.bridge.invoke('stripe.registerReader', {
        registrationCode: code.trim(),
        label: label.trim(),
        ...(locationId === '' ? {} : { locationId }),
        ...(hasAddress
          ? {
              address: {
                line1: address.line1.trim(),
                city: address.city.trim(),
                postalCode: address.postalCode.trim(),
                country: address.country.trim().toUpperCase(),
                ...(address.state.trim() === '' ? {} : { state: address.state.trim() }),
              },
            }
          : {}),
      });
      setCode('');
      return `Reader ${reader.label} is registered.`;
    });
  };
  const addressLabels: Readonly<Record<(typeof ADDRESS)[number], string>> = {
    line1: 'Street address',
    city: 'City',
    postalCode: 'Postal code',
    state: 'State',
    country: 'Country code',
  };

  return (
    <form className="card" aria-label="Register a card reader" onSubmit={(e) => void register(e)}>
      <h3>Register a card reader</h3>
      <Field label="Registration code" value={code} onChange={setCode} autoComplete="off" />
      <Field label="Reader name" value={label} onChange={setLabel} />
      <SelectField
        label="Reader location"
        value={locationId}
        options={[
          ['', 'Not chosen (a studio with one location)'],
          ...(locations.data ?? []).map((l): [string, string] => [l.locationId, l.name]),
        ]}
        onChange={setLocationId}
      />
      <p className="hint">The address is needed the first time a location gets a reader.</p>
      {ADDRESS.map((key) => (
        <Field
          key={key}
          label={addressLabels[key]}
          value={address[key]}
          onChange={(v) => {
            setAddress((a) => ({ ...a, [key]: v }));
          }}
        />
      ))}
      <FormOutcome error={error} done={done} />
      <button
        type="submit"
        className="primary"
        disabled={busy || code.trim() === '' || label.trim() === ''}
      >
        Register reader
      </button>
    </form>
  );
}
