import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useDesk } from '../../desk/desk-context';
import { CheckField, Field, FormOutcome } from './console-fields';
import { isEmail } from './console-input';
import { lastSegmentIn, type FieldErrors } from './console-refusals';
import { pinProblem, ROLE_LABELS, ROLES } from './staff-roles';
import type { StaffRole } from './staff-roles';
import { useSubmit } from './use-submit';

const FIELDS = ['firstName', 'lastName', 'email', 'roles', 'pin'] as const;
type StaffField = (typeof FIELDS)[number];
const fieldOf = (path: string): StaffField | null =>
  path === 'pinHash' ? 'pin' : lastSegmentIn(FIELDS)(path.startsWith('roles') ? 'roles' : path);

const EMPTY = { firstName: '', lastName: '', email: '', pin: '', pinAgain: '' };

/**
 * Adds a staff member (`staff.add`) with a temporary PIN they change at first sign-in. The
 * PIN is hashed by the desk core (`staff.pinHash`) and cleared from the form at the submit.
 */
export function StaffAddForm() {
  const desk = useDesk();
  const isOwner = desk.hasRole('owner');
  const [text, setText] = useState(EMPTY);
  const [roles, setRoles] = useState<readonly StaffRole[]>(['front_desk']);
  const submit = useSubmit(fieldOf);

  const check = (): FieldErrors<StaffField> => {
    const errors: FieldErrors<StaffField> = {};
    if (text.firstName.trim() === '') errors.firstName = 'Enter a first name.';
    if (text.lastName.trim() === '') errors.lastName = 'Enter a last name.';
    if (!isEmail(text.email)) errors.email = 'Enter an e-mail address like name@example.com.';
    if (roles.length === 0) errors.roles = 'Choose at least one role.';
    else if (!isOwner && roles.some((r) => r === 'owner' || r === 'manager')) {
      errors.roles = 'Only an owner adds an owner or a manager.';
    }
    const pin = pinProblem(text.pin, text.pinAgain);
    if (pin !== null) errors.pin = pin;
    return errors;
  };

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    const { pin } = text;
    // The clear PIN leaves the form's state now, whatever the answer.
    setText((t) => ({ ...t, pin: '', pinAgain: '' }));
    void submit.run(check, async () => {
      const { pinHash } = await desk.bridge.invoke('staff.pinHash', { pin });
      const name = `${text.firstName.trim()} ${text.lastName.trim()}`;
      await desk.mutate('staff.add', {
        firstName: text.firstName.trim(),
        lastName: text.lastName.trim(),
        email: text.email.trim(),
        roles: [...roles],
        pinHash,
      });
      setText(EMPTY);
      setRoles(['front_desk']);
      return `${name} added. They choose their own PIN when they first sign in.`;
    });
  };

  return (
    <form className="card" aria-label="Add a staff member" onSubmit={save} noValidate>
      <h3>Add a staff member</h3>
      <Field
        label="First name"
        value={text.firstName}
        onChange={(v) => {
          setText((t) => ({ ...t, firstName: v }));
        }}
        error={submit.fieldErrors.firstName}
      />
      <Field
        label="Last name"
        value={text.lastName}
        onChange={(v) => {
          setText((t) => ({ ...t, lastName: v }));
        }}
        error={submit.fieldErrors.lastName}
      />
      <Field
        label="E-mail"
        type="email"
        value={text.email}
        onChange={(v) => {
          setText((t) => ({ ...t, email: v }));
        }}
        error={submit.fieldErrors.email}
      />
      <fieldset>
        <legend>Roles</legend>
        {ROLES.map((role) => (
          <CheckField
            key={role}
            label={ROLE_LABELS[role]}
            checked={roles.includes(role)}
            onChange={(on) => {
              setRoles((rs) => (on ? [...rs, role] : rs.filter((r) => r !== role)));
            }}
          />
        ))}
        {submit.fieldErrors.roles !== undefined && (
          <small className="field-error" role="alert">
            Roles: {submit.fieldErrors.roles}
          </small>
        )}
      </fieldset>
      <Field
        label="Temporary PIN"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={text.pin}
        onChange={(v) => {
          setText((t) => ({ ...t, pin: v }));
        }}
        error={submit.fieldErrors.pin}
      />
      <Field
        label="Temporary PIN again"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={text.pinAgain}
        onChange={(v) => {
          setText((t) => ({ ...t, pinAgain: v }));
        }}
      />
      <FormOutcome error={submit.error} done={submit.done} />
      <button type="submit" className="primary" disabled={submit.busy}>
        {submit.busy ? 'Adding…' : 'Add staff member'}
      </button>
    </form>
  );
}
