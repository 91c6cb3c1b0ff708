import { useCallback, useEffect, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { DeskBridgeError, type DeskBridge } from '../../src-shared/bridge/desk-bridge';
import type { StaffView } from '../../src-shared/bridge/desk-methods';
import { ErrorNote } from '../shell/error-note';
import { PinKeypad } from '../shell/pin-keypad';
import { PinUnlockForm } from './pin-unlock-form';

/**
 * Staff pick their name and type their PIN, on the keyboard or the keypad (touch screens);
 * also the quick-switch and unlock screen. A locked PIN offers a manager's override.
 */
export function SignInScreen(props: {
  readonly bridge: DeskBridge;
  readonly hint: string | null;
  readonly onSignedIn: (staff: StaffView) => void;
  readonly onCancel?: (() => void) | undefined;
}) {
  const { bridge } = props;
  const [staff, setStaff] = useState<readonly StaffView[] | null>(null);
  const [chosen, setChosen] = useState<StaffView | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const loadStaff = useCallback(
    () =>
      bridge.invoke('staff.list', {}).then((list) => {
        setStaff(list);
        // Keep the choice, with its lock state as the desk now has it.
        setChosen((c) => (c ? (list.find((s) => s.memberId === c.memberId) ?? null) : c));
      }, setError),
    [bridge],
  );
  useEffect(() => {
    void loadStaff();
  }, [loadStaff]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      props.onSignedIn(await bridge.invoke('staff.signIn', { memberId: chosen.memberId, pin }));
    } catch (failure) {
      setError(failure);
      setPin('');
      if (failure instanceof DeskBridgeError && failure.code === 'locked') await loadStaff();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Who is at the desk?</h1>
      {props.hint && <p className="hint">{props.hint}</p>}
      {notice && (
        <p className="result ok" role="status">
          {notice}
        </p>
      )}
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
                  setNotice(null);
                }}
              >
                {s.name}
                <small>
                  {s.roles.join(', ').replaceAll('_', ' ')}
                  {s.locked ? ' · PIN locked' : ''}
                </small>
              </button>
            </li>
          ))}
        </ul>
      )}
      {/* A locked PIN: the manager's override comes first, above the PIN it unlocks. */}
      {chosen?.locked && staff && (
        <PinUnlockForm
          key={chosen.memberId}
          bridge={bridge}
          locked={chosen}
          staff={staff}
          onCleared={() => {
            setError(null);
            setNotice(`${chosen.name}'s PIN lock is cleared: sign in again.`);
            void loadStaff();
          }}
        />
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
          <PinKeypad pin={pin} onPin={setPin} disabled={busy} />
          <button type="submit" className="primary" disabled={busy}>
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
