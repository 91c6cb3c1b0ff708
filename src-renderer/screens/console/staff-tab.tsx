import { useDeskQuery } from '../../desk/desk-context';
import { ErrorNote } from '../../shell/error-note';
import { OwnPinForm } from './own-pin-form';
import { StaffAddForm } from './staff-add-form';
import { StaffMemberRow } from './staff-member-row';

/** The studio's staff (`staff.list`): roles, sign-in, PINs; and the signed-in person's own PIN. */
export function StaffTab() {
  const staff = useDeskQuery('staff.list', {});
  return (
    <div className="columns">
      <section className="card" aria-label="Staff">
        <h3>Staff</h3>
        <p className="hint">Only an owner changes an owner or a manager.</p>
        <ErrorNote error={staff.error} />
        <ul className="console-list">
          {staff.data?.map((member) => (
            <StaffMemberRow key={member.memberId} member={member} />
          ))}
        </ul>
      </section>
      <div>
        <StaffAddForm />
        <OwnPinForm />
      </div>
    </div>
  );
}
