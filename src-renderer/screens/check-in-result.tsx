import type { CheckInOutcome, CheckInTarget } from '../desk/check-in';
import { studioClock } from '../desk/studio-time';
import { ErrorNote } from '../shell/error-note';
import { WithMemberPhoto } from '../shell/member-photo';
import { TextField } from '../shell/text-field';

/** A note flagged "show as alert at check-in" (injury, unpaid fee…). */
export interface CheckInAlert {
  readonly noteId: string;
  readonly note: string;
}

export type CheckInResultState =
  | {
      readonly target: CheckInTarget;
      readonly outcome: CheckInOutcome;
      /** The waiver override staff gave, carried into a drop-in sold from this result. */
      readonly waiverOverrideReason?: string;
    }
  | { readonly error: unknown };

export interface DropInRequest {
  readonly target: CheckInTarget;
  readonly waiverOverrideReason?: string;
}

/**
 * The member's check-in alerts, shown whatever became of the check-in: staff must see an
 * injury or an unpaid fee before the member walks in.
 */
export function CheckInAlerts(props: {
  readonly memberName: string;
  readonly alerts: readonly CheckInAlert[];
}) {
  if (props.alerts.length === 0) return null;
  return (
    <div
      className="result warn check-in-alerts"
      role="alert"
      aria-label={`Alerts for ${props.memberName}`}
    >
      <strong>Alert for {props.memberName}:</strong>
      <ul>
        {props.alerts.map((a) => (
          <li key={a.noteId}>{a.note}</li>
        ))}
      </ul>
    </div>
  );
}

/** "Fri, Dec 4, 2026 at 6:00 AM": the day and time of the class, in its location's zone. */
export function classWhen(target: CheckInTarget): string {
  const clock = studioClock(target.timeZone);
  return `${clock.date(target.classStart)} at ${clock.time(target.classStart)}`;
}

interface CheckInResultProps {
  readonly result: CheckInResultState | null;
  readonly overrideReason: string;
  readonly onOverrideReason: (reason: string) => void;
  readonly onRetry: (target: CheckInTarget, reason: string) => void;
  readonly onWaitlist: (target: CheckInTarget) => void;
  readonly onOpenMember: (memberId: string) => void;
  readonly onSellDropIn: (request: DropInRequest) => void;
}

/** A check-in that reached the desk: the member and class, and what became of it. */
type CheckInAttempt = Exclude<CheckInResultState, { readonly error: unknown }>;

export function CheckInResult(props: CheckInResultProps) {
  const { result } = props;
  if (!result) return null;
  if ('error' in result) return <ErrorNote error={result.error} />;
  const { target } = result;
  // Whatever became of the check-in, staff see who it is about (issue 17 item 3).
  return (
    <WithMemberPhoto memberId={target.memberId} name={target.memberName}>
      <CheckInOutcomeNote {...props} result={result} />
    </WithMemberPhoto>
  );
}

function CheckInOutcomeNote(props: CheckInResultProps & { readonly result: CheckInAttempt }) {
  const { result } = props;
  const { target, outcome } = result;
  const who = target.memberName;
  switch (outcome.kind) {
    case 'checkedIn':
      return (
        <p className="result ok" role="status">
          {who} is checked in to {target.classTitle}
          {outcome.already ? '' : ` (${outcome.paidBy})`}, {classWhen(target)}.
        </p>
      );
    case 'waiver':
      return (
        <div className="result warn" role="alert">
          <p>
            {outcome.message} Have them sign it on their member page, or let them in with a reason.
          </p>
          <button
            type="button"
            onClick={() => {
              props.onOpenMember(target.memberId);
            }}
          >
            Open {who} to sign
          </button>
          <TextField
            label="Reason to let in anyway"
            value={props.overrideReason}
            onChange={props.onOverrideReason}
          />
          <button
            type="button"
            disabled={props.overrideReason.trim().length < 3}
            onClick={() => {
              props.onRetry(target, props.overrideReason.trim());
            }}
          >
            Let in anyway
          </button>
        </div>
      );
    case 'dropIn':
      return (
        <div className="result warn" role="alert">
          <p>{outcome.message}</p>
          <button
            type="button"
            onClick={() => {
              props.onSellDropIn({
                target,
                ...(result.waiverOverrideReason === undefined
                  ? {}
                  : { waiverOverrideReason: result.waiverOverrideReason }),
              });
            }}
          >
            Sell drop-in
          </button>
        </div>
      );
    case 'full':
      return (
        <div className="result warn" role="alert">
          <p>{outcome.message}</p>
          <button
            type="button"
            onClick={() => {
              props.onWaitlist(target);
            }}
          >
            Add {who} to the waitlist
          </button>
        </div>
      );
    case 'notBookable':
      return (
        <p className="result" role="status">
          {who}: {outcome.reason}.
        </p>
      );
  }
}
