/** A staff member who can be chosen for an appointment. */
export interface StaffChoice {
  readonly staffId: string;
  readonly name: string;
}

/**
 * The staff member ("anyone who gives it" is the empty choice) and the day whose free times
 * are offered, for booking and for rescheduling alike. Either change drops the chosen time:
 * it was a time of the old choice.
 */
export function StaffAndDay(props: {
  readonly staff: readonly StaffChoice[];
  readonly staffId: string;
  readonly date: string;
  readonly disabled?: boolean;
  readonly onStaff: (staffId: string) => void;
  readonly onDate: (date: string) => void;
}) {
  return (
    <>
      <label>
        Staff member
        <select
          value={props.staffId}
          disabled={props.disabled}
          onChange={(e) => {
            props.onStaff(e.target.value);
          }}
        >
          <option value="">Anyone who gives it</option>
          {props.staff.map((s) => (
            <option key={s.staffId} value={s.staffId}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Day
        <input
          type="date"
          value={props.date}
          onChange={(e) => {
            // A cleared date field keeps the day it showed.
            props.onDate(e.target.value || props.date);
          }}
        />
      </label>
    </>
  );
}
