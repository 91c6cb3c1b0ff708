import { useEffect, useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { DeskBridge } from '../../src-shared/bridge/desk-bridge';
import type { StaffView } from '../../src-shared/bridge/desk-methods';
import { ErrorNote } from '../shell/error-note';

/** Staff pick their name and type their PIN; also the quick-switch and unlock screen. */
export function SignInScreen(props: {
  readonly bridge: DeskBridge;
  readonly hint: string | null;
  readonly onSignedIn: (staff: StaffView) => void;
  readonly onCancel?: () => void;
}) {
  const { bridge } = props;
  const [staff, setStaff] = useState<readonly StaffView[] | null>(null);
  const [chosen, setChosen] = useState<StaffView | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    bridge.invoke('staff.list', {}).then(setStaff, setError);
  }, [bridge]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await bridge.invoke('staff.signIn', { memberId: chosen.memberId, pin }));
    } catch (failure) {
      setError(failure);
      setPin('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Who is at the desk?</h1>
      {props.hint && <p className="hint">{props.hint}</p>}
      <ErrorNote error={error} />
      {staff === null ? (
        <p>Loading staff…</p>
      ) : (
        <ul className="staff-list" aria-label="Staff">
          {staff.map((s) => (
            <li key={s.memberId}>
              <button
                type="button"
                aria-pressed={chosen?.memberId === s.memberId}
                onClick={() => {
                  setChosen(s);
                  setPin('');
                  setError(null);
                }}
              >
                {s.name}
                <small>{s.roles.join(', ').replaceAll('_', ' ')}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen && (
        <form className="pin-form" onSubmit={(e) => void submit(e)}>
          <label>
            PIN for {chosen.name}
            <input
              type="password"
              inputMode="numeric"
              autoComplete="off"
              autoFocus
              pattern="\d{4,8}"
              required
              value={pin}
              onChange={(e) => {
                setPin(e.target.value.replaceAll(/\D/g, ''));
              }}
            />
          </label>
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      )}
      {props.onCancel && (
        <button type="button" className="link" onClick={props.onCancel}>
          Back without switching
        </button>
      )}
    </main>
  );
}
