import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { DeskBridge } from '../../src-shared/bridge/desk-bridge';
import { deskOperations } from '../../src-shared/bridge/desk-operations';
import type { StaffView } from '../../src-shared/bridge/desk-methods';
import { ErrorNote } from '../shell/error-note';
import { pinProblem } from './console/staff-roles';

/**
 * After a manager reset their PIN (staff.resetPin), staff of any role set their own before
 * anything else (staff.setOwnPin): the temporary PIN was told to someone else. The new PIN
 * is hashed in the desk core first, so no clear PIN is recorded.
 */
export function SetOwnPinScreen(props: {
  readonly bridge: DeskBridge;
  readonly staff: StaffView;
  readonly onDone: (staff: StaffView) => void;
  readonly onLock: () => void;
}) {
  const { bridge, staff } = props;
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: SyntheticEvent) => {
    event.preventDefault();
    const typed = pin;
    const wrong = pinProblem(pin, again);
    setPin('');
    setAgain('');
    setProblem(wrong);
    setError(null);
    if (wrong !== null) return;
    setBusy(true);
    try {
      const { pinHash } = await bridge.invoke('staff.pinHash', { pin: typed });
      await deskOperations(bridge).mutate('staff.setOwnPin', { memberId: staff.memberId, pinHash });
      props.onDone({ ...staff, mustChangePin: false });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Set your own PIN, {staff.name}</h1>
      <p className="hint">
        A manager reset your PIN. Choose a new one of 4 to 8 digits that only you know; you sign in
        with it from now on.
      </p>
      <ErrorNote error={error} />
      <form className="pin-form" aria-label="Set your own PIN" onSubmit={(e) => void save(e)}>
        <label>
          New PIN
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={pin}
            onChange={(e) => {
              setPin(e.target.value.replaceAll(/\D/g, ''));
            }}
          />
        </label>
        <label>
          New PIN again
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={again}
            onChange={(e) => {
              setAgain(e.target.value.replaceAll(/\D/g, ''));
            }}
          />
        </label>
        {problem && (
          <p className="error-note" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Save my PIN
        </button>
      </form>
      <button type="button" className="link" onClick={props.onLock}>
        Not now: lock the desk
      </button>
    </main>
  );
}
