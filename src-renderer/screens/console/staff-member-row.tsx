import { useEffect, useState } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDesk } from '../../desk/desk-context';
import { CheckField, Field, FormOutcome } from './console-fields';
import { pinProblem, ROLE_LABELS, ROLES, rolesText } from './staff-roles';
import type { StaffRole } from './staff-roles';
import { useSubmit } from './use-submit';

type StaffMember = QueryResult<'staff.list'>[number];
type RowField = 'roles' | 'pin';
const fieldOf = (path: string): RowField | null =>
  path === 'pinHash' ? 'pin' : path.startsWith('roles') ? 'roles' : null;

/**
 * One staff member: their roles, sign-in status and PIN. The rules refuse what the signed-in
 * person may not do ("only an owner changes an owner or a manager"); the refusal shows here.
 */
export function StaffMemberRow({ member }: { readonly member: StaffMember }) {
  const desk = useDesk();
  const name = `${member.firstName} ${member.lastName}`;
  const [roles, setRoles] = useState<readonly StaffRole[]>(member.roles);
  const [pin, setPin] = useState('');
  const [resetting, setResetting] = useState(false);
  const submit = useSubmit(fieldOf);
  const shownRoles = member.roles.join();
  useEffect(() => {
    // Roles saved here or synced from another desk: the boxes show what stands.
    setRoles(member.roles);
  }, [shownRoles]);
  const rolesChanged = [...roles].sort().join() !== [...member.roles].sort().join();
  const isSelf = member.memberId === desk.staff.memberId;

  const saveRoles = () =>
    submit.run(
      () => (roles.length === 0 ? { roles: 'Give at least one role.' } : {}),
      async () => {
        await desk.mutate('staff.setRoles', { memberId: member.memberId, roles: [...roles] });
        return `${name}: ${rolesText(roles)}.`;
      },
    );
  const setActive = (active: boolean) =>
    submit.run(
      () => ({}),
      async () => {
        if (active) await desk.mutate('staff.reactivate', { memberId: member.memberId });
        else await desk.mutate('staff.deactivate', { memberId: member.memberId });
        return active ? `${name} can sign in again.` : `${name} can no longer sign in.`;
      },
    );
  const resetPin = () => {
    const typed = pin;
    setPin('');
    return submit.run(
      () => {
        const problem = pinProblem(typed, typed);
        return problem === null ? {} : { pin: problem };
      },
      async () => {
        const { pinHash } = await desk.bridge.invoke('staff.pinHash', { pin: typed });
        await desk.mutate('staff.resetPin', { memberId: member.memberId, pinHash });
        setResetting(false);
        return `${name} has a temporary PIN and chooses a new one at the next sign-in.`;
      },
    );
  };

  return (
    <li className={member.active ? 'console-item' : 'console-item muted'} aria-label={name}>
      <strong>{name}</strong> <span className="muted">{member.email}</span>
      <span>
        {' '}
        — {rolesText(member.roles)}
        {member.active ? '' : ', deactivated'}
        {member.mustChangePin ? ', changes PIN at next sign-in' : ''}
        {member.hasPin ? '' : ', no PIN'}
      </span>
      <fieldset aria-label={`Roles of ${name}`} className="row">
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
        <button
          type="button"
          disabled={submit.busy || !rolesChanged}
          onClick={() => void saveRoles()}
        >
          Save roles of {name}
        </button>
        {submit.fieldErrors.roles !== undefined && (
          <small className="field-error" role="alert">
            Roles: {submit.fieldErrors.roles}
          </small>
        )}
      </fieldset>
      <div className="row">
        {!isSelf && (
          <button
            type="button"
            disabled={submit.busy}
            onClick={() => void setActive(!member.active)}
          >
            {member.active ? `Deactivate ${name}` : `Reactivate ${name}`}
          </button>
        )}
        {!resetting && (
          <button
            type="button"
            disabled={submit.busy}
            onClick={() => {
              setResetting(true);
            }}
          >
            Reset PIN of {name}
          </button>
        )}
      </div>
      {resetting && (
        <div className="row">
          <Field
            label={`Temporary PIN for ${name}`}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={setPin}
            error={submit.fieldErrors.pin}
          />
          <button type="button" disabled={submit.busy} onClick={() => void resetPin()}>
            Set temporary PIN
          </button>
          <button
            type="button"
            onClick={() => {
              setPin('');
              setResetting(false);
            }}
          >
            Cancel
          </button>
        </div>
      )}
      <FormOutcome error={submit.error} done={submit.done} />
    </li>
  );
}
