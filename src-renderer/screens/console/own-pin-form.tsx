import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk } from '../../desk/desk-context';
import { Field, FormOutcome } from './console-fields';
import { pinProblem } from './staff-roles';
import { useSubmit } from './use-submit';

const fieldOf = (path: string) => (path === 'pinHash' ? ('pin' as const) : null);

/** "Change my PIN" (`staff.setOwnPin`) for whoever is signed in; the PIN is hashed first. */
export function OwnPinForm() {
  const desk = useDesk();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const submit = useSubmit(fieldOf);

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    const typed = pin;
    const problem = pinProblem(pin, again);
    setPin('');
    setAgain('');
    void submit.run(
      () => (problem === null ? {} : { pin: problem }),
      async () => {
        const { pinHash } = await desk.bridge.invoke('staff.pinHash', { pin: typed });
        await desk.mutate('staff.setOwnPin', { memberId: desk.staff.memberId, pinHash });
        return 'Your PIN is changed. Use the new one from your next sign-in.';
      },
    );
  };

  return (
    <form className="card" aria-label="Change my PIN" onSubmit={save} noValidate>
      <h3>Change my PIN</h3>
      <Field
        label="New PIN"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={pin}
        onChange={setPin}
        error={submit.fieldErrors.pin}
      />
      <Field
        label="New PIN again"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={again}
        onChange={setAgain}
      />
      <FormOutcome error={submit.error} done={submit.done} />
      <button type="submit" className="primary" disabled={submit.busy}>
        Change my PIN
      </button>
    </form>
  );
}
