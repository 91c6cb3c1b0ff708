import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import type { DeskBridge } from '../../src-shared/bridge/desk-bridge';
import type { StaffView } from '../../src-shared/bridge/desk-methods';
import { ErrorNote } from '../shell/error-note';

const mayClearLocks = (s: StaffView) => s.roles.some((r) => r === 'owner' || r === 'manager');

/**
 * A manager's override for a locked PIN, on the sign-in screen where it is needed: an owner
 * or manager picks their name and types their own PIN (`staff.clearLockout`, checked and
 * role-checked in the desk core), and the locked staff member can sign in again.
 */
export function PinUnlockForm(props: {
  readonly bridge: DeskBridge;
  readonly locked: StaffView;
  readonly staff: readonly StaffView[];
  readonly onCleared: () => void;
}) {
  const managers = props.staff.filter(
    (s) => mayClearLocks(s) && s.memberId !== props.locked.memberId,
  );
  const [managerId, setManagerId] = useState(managers[0]?.memberId ?? '');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (managers.length === 0) {
    return (
      <p className="hint">
        {props.locked.name}&apos;s PIN is locked for a few minutes after too many wrong PINs. No
        manager can sign in at this desk to clear it sooner, so wait and try again.
      </p>
    );
  }
  const clear = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.bridge.invoke('staff.clearLockout', {
        memberId: props.locked.memberId,
        managerId,
        managerPin: pin,
      });
      props.onCleared();
    } catch (failure) {
      setError(failure);
    } finally {
      setPin('');
      setBusy(false);
    }
  };
  return (
    <form
      className="card pin-unlock"
      aria-label="Manager unlock"
      onSubmit={(e) => {
        void clear(e);
      }}
    >
      <h2>Clear {props.locked.name}&apos;s PIN lock</h2>
      <p className="hint">
        Too many wrong PINs locked it. An owner or manager can clear the lock with their own PIN.
      </p>
      <ErrorNote error={error} />
      <label>
        Manager
        <select
          value={managerId}
          onChange={(e) => {
            setManagerId(e.target.value);
          }}
        >
          {managers.map((m) => (
            <option key={m.memberId} value={m.memberId}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Manager&apos;s PIN
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          pattern="\d{4,8}"
          required
          value={pin}
          onChange={(e) => {
            setPin(e.target.value.replaceAll(/\D/g, ''));
          }}
        />
      </label>
      <button type="submit" disabled={busy}>
        Clear the lock
      </button>
    </form>
  );
}
