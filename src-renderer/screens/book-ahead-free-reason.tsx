import { useId } from 'react';
import { freeReasonSchema } from '../../src-shared/mutations/front-desk/booking-payment';

/** The longest reason `booking.book` takes (its `freeReasonSchema`). */
export const FREE_REASON_MAX_LENGTH = 200;

/**
 * What is wrong with the reason typed for a free place, or null when `booking.book` takes
 * it. Judged by the mutation's own schema, so the desk never sends one the server refuses.
 */
export function freeReasonProblem(reason: string): string | null {
  const parsed = freeReasonSchema.safeParse(reason);
  if (parsed.success) return null;
  return reason.trim() === ''
    ? 'Type why this place is free to book it.'
    : `The reason is at most ${FREE_REASON_MAX_LENGTH} characters.`;
}

/**
 * The reason staff must give for a free place when booking ahead (issue 18): "instructor's
 * guest", "make-up class". It is kept on the booking and shown to staff and the owner
 * wherever the booking's payment is, so nobody has to ask later why a place cost nothing.
 */
export function FreeReasonField(props: {
  readonly value: string;
  readonly onChange: (reason: string) => void;
  readonly disabled?: boolean;
}) {
  const hintId = useId();
  const problem = freeReasonProblem(props.value);
  return (
    <>
      <label>
        Reason for free booking
        <input
          type="text"
          required
          maxLength={FREE_REASON_MAX_LENGTH}
          placeholder="Instructor’s guest, make-up class…"
          value={props.value}
          disabled={props.disabled}
          aria-invalid={problem !== null}
          aria-describedby={hintId}
          onChange={(e) => {
            props.onChange(e.target.value);
          }}
        />
      </label>
      <p className="hint" id={hintId}>
        {problem ?? 'Kept on the booking: staff and the owner see why it was free.'}
      </p>
    </>
  );
}
