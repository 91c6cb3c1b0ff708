import { useEffect, useState } from 'react';
import type { PaymentsStatus } from '../../src-shared/bridge/desk-methods';
import { useDesk } from '../desk/desk-context';
import { usePaymentTerminal } from '../desk/payment-context';
import type { ReaderInfo } from '../hardware/card-reader/payment-terminal';
import { ErrorNote } from './error-note';

/**
 * The desk's card reader: whether the studio can take cards now (and why not), the
 * connected reader, and discovery of readers to connect one. The Sell screen connects the
 * first reader by itself when none is connected; this is where staff choose.
 */
export function CardReaderSettings() {
  const { bridge, sync } = useDesk();
  const terminal = usePaymentTerminal();
  const online = sync?.online ?? false;
  const [status, setStatus] = useState<PaymentsStatus | null>(null);
  const [readers, setReaders] = useState<readonly ReaderInfo[] | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    bridge.invoke('payments.status', {}).then(setStatus, () => {
      setStatus({ available: false, reason: 'The desk cannot tell whether card payments work.' });
    });
  }, [bridge, online]);

  // Read at each render: the Sell screen may connect a reader, or the reader may drop off.
  const connected = terminal?.connectedReader() ?? null;

  const run = async (what: string, work: (t: NonNullable<typeof terminal>) => Promise<void>) => {
    if (!terminal) return;
    setError(null);
    setWorking(what);
    try {
      await work(terminal);
    } catch (failure) {
      setError(failure);
    } finally {
      setWorking(null);
    }
  };
  const discover = () => {
    // Readers are found through the studio's card payments: without them, say what to do
    // rather than let the reader software fail with its own words.
    if (status && !status.available) {
      setError(cardsNotReady(status.reason, online));
      return Promise.resolve();
    }
    return run('Looking for card readers…', async (t) => {
      setReaders(await t.discoverReaders());
    });
  };
  const connect = (reader: ReaderInfo) =>
    run(`Connecting to ${reader.label}…`, async (t) => {
      await t.connectReader(reader.id);
    });

  return (
    <section className="card" aria-label="Card reader">
      <h2>Card reader</h2>
      <p role="status" aria-label="Card payments">
        {status === null
          ? 'Checking whether card payments work…'
          : status.available
            ? 'Card payments are available.'
            : (status.reason ?? 'Card payments are unavailable.')}
      </p>
      {terminal === null ? (
        <p className="hint">No card reader is set up on this desk.</p>
      ) : (
        <>
          <p role="status" aria-label="Connected reader">
            {connected
              ? `Connected: ${connected.label} (${connected.status})`
              : 'No reader connected.'}
          </p>
          <button type="button" disabled={working !== null} onClick={() => void discover()}>
            Find readers
          </button>
          {readers?.length === 0 && (
            <p className="hint">No readers found. Check that the reader is on and nearby.</p>
          )}
          {readers && readers.length > 0 && (
            <ul aria-label="Readers found">
              {readers.map((reader) => (
                <li key={reader.id}>
                  {reader.label} <small>{reader.status}</small>{' '}
                  <button
                    type="button"
                    aria-label={`Connect ${reader.label}`}
                    disabled={working !== null || connected?.id === reader.id}
                    onClick={() => void connect(reader)}
                  >
                    {connected?.id === reader.id ? 'Connected' : 'Connect'}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {working && <p role="status">{working}</p>}
        </>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

/** Why readers cannot be looked for now, and what to do, for staff at the desk. */
function cardsNotReady(reason: string | null, online: boolean): string {
  if (!online) {
    return 'Card readers can be found only while the desk is online. Check the internet connection, then try again.';
  }
  const why = reason ? ` ${reason}` : '';
  return `No card readers can be found until card payments are set up.${why} An owner sets up card payments in Studio › Card payments; then find readers here.`;
}
