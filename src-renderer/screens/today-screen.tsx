import { useEffect, useMemo, useRef, useState } from 'react';
import { checkIn, type CheckInOutcome, type CheckInTarget } from '../desk/check-in';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import type { DayClass } from '../desk/operation-shapes';
import { localDate } from '../desk/money';
import { ErrorNote } from '../shell/error-note';
import { MemberSearch } from '../shell/member-search';
import type { Scan } from '../shell/workspace';
import { ClassRoster } from './class-roster';
import { TextField } from '../shell/text-field';
import { errorText } from '../desk/error-text';
import { DropInSale } from './drop-in-sale';

type Result =
  | {
      readonly target: CheckInTarget;
      readonly outcome: CheckInOutcome;
      /** The waiver override staff gave, carried into a drop-in sold from this result. */
      readonly waiverOverrideReason?: string;
    }
  | { readonly error: unknown };

interface DropInRequest {
  readonly target: CheckInTarget;
  readonly waiverOverrideReason?: string;
}

/** The class a scan or a name checks into: the one selected, else the next not yet over. */
function nextClass(classes: readonly DayClass[], nowMs: number): DayClass | undefined {
  return classes.find(
    (c) => c.status === 'scheduled' && Date.parse(c.startTime) + c.durationMinutes * 60_000 > nowMs,
  );
}

/**
 * Today: the day's classes per location with their numbers, the roster of the chosen
 * class, and check-in by click, by name, or by scanning a card from anywhere.
 */
export function TodayScreen(props: {
  readonly scan: Scan | null;
  readonly onOpenMember: (memberId: string) => void;
}) {
  const desk = useDesk();
  const [date, setDate] = useState(() => localDate(new Date()));
  const day = useDeskQuery('schedule.day', { date });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [dropIn, setDropIn] = useState<DropInRequest | null>(null);
  const allClasses = useMemo(
    () =>
      (day.data?.locations ?? [])
        .flatMap((l) => l.classes)
        .sort((a, b) => a.startTime.localeCompare(b.startTime)),
    [day.data],
  );
  const selected =
    allClasses.find((c) => c.classId === selectedId) ?? nextClass(allClasses, Date.now());

  const run = async (target: CheckInTarget, waiverOverrideReason?: string) => {
    try {
      const outcome = await checkIn(
        desk,
        target,
        waiverOverrideReason === undefined ? {} : { waiverOverrideReason },
      );
      setResult({
        target,
        outcome,
        ...(waiverOverrideReason === undefined ? {} : { waiverOverrideReason }),
      });
      setOverrideReason('');
    } catch (error) {
      setResult({ error });
    }
  };
  const checkInMember = (memberId: string, memberName: string) => {
    if (!selected) {
      setResult({ error: new Error('There is no class left today to check into.') });
      return;
    }
    void run({ memberId, memberName, classId: selected.classId, classTitle: selected.title });
  };

  // The scan effect runs only on a new scan, with the class chosen at that moment.
  const checkInLatest = useRef(checkInMember);
  checkInLatest.current = checkInMember;
  const lastScan = useRef<number>(0);
  useEffect(() => {
    const scan = props.scan;
    if (!scan || scan.seq === lastScan.current) return;
    lastScan.current = scan.seq;
    desk.query('member.find', { text: scan.code, limit: 1 }).then(
      ([member]) => {
        if (!member || member.barcode !== scan.code) {
          setResult({
            error: new Error(`No member has the card ${scan.code}. Search by name instead.`),
          });
          return;
        }
        checkInLatest.current(member.memberId, `${member.firstName} ${member.lastName}`);
      },
      (error: unknown) => {
        setResult({ error });
      },
    );
  }, [props.scan, desk]);

  return (
    <div className="today">
      <div className="toolbar">
        <label>
          Day
          <input
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value || date);
            }}
          />
        </label>
        <MemberSearch
          label="Check in a member"
          onChoose={(m) => {
            checkInMember(m.memberId, `${m.firstName} ${m.lastName}`);
          }}
        />
        <p className="hint">
          {selected
            ? `Check-ins go to ${selected.title} at ${selected.localTime}. Scan a card at any time.`
            : 'No class to check into today.'}
        </p>
      </div>
      <CheckInResult
        result={result}
        overrideReason={overrideReason}
        onOverrideReason={setOverrideReason}
        onRetry={(target, reason) => void run(target, reason)}
        onWaitlist={(target) => {
          desk
            .mutate('booking.book', {
              classId: target.classId,
              memberId: target.memberId,
              paidBy: { method: 'free' },
              waitlist: true,
            })
            .then(
              () => {
                setResult({
                  target,
                  outcome: { kind: 'notBookable', reason: 'Added to the waitlist' },
                });
              },
              (error: unknown) => {
                setResult({ error });
              },
            );
        }}
        onOpenMember={props.onOpenMember}
        onSellDropIn={(request) => {
          setDropIn(request);
        }}
      />
      {dropIn && (
        <DropInSale
          // A new member or class starts a new sale, with fresh tenders.
          key={`${dropIn.target.memberId}:${dropIn.target.classId}`}
          target={dropIn.target}
          {...(dropIn.waiverOverrideReason === undefined
            ? {}
            : { waiverOverrideReason: dropIn.waiverOverrideReason })}
          onCancel={() => {
            setDropIn(null);
          }}
          onDone={(done) => {
            const { target } = dropIn;
            setDropIn(null);
            setResult(
              done.checkInError === null
                ? { target, outcome: { kind: 'checkedIn', paidBy: 'drop-in', already: false } }
                : {
                    error: new Error(
                      `The drop-in was sold (receipt ${done.receiptNumber}) and ${target.memberName} is booked, but the check-in failed: ${errorText(done.checkInError).what}. Check them in from the roster.`,
                    ),
                  },
            );
          }}
        />
      )}
      <ErrorNote error={day.error} />
      <div className="today-columns">
        <div className="schedule" aria-label="Classes">
          {day.data?.locations.map((location) => (
            <section key={location.locationId} aria-label={location.name}>
              <h2>{location.name}</h2>
              {location.classes.length === 0 && <p className="hint">No classes this day.</p>}
              <ul className="class-list">
                {location.classes.map((c) => (
                  <li key={c.classId}>
                    <button
                      type="button"
                      className="class-card"
                      aria-label={`${c.localTime} ${c.title}, ${c.booked} of ${c.capacity} booked, ${c.waitlisted} waitlisted, ${c.checkedIn} checked in`}
                      aria-pressed={selected?.classId === c.classId}
                      onClick={() => {
                        setSelectedId(c.classId);
                      }}
                    >
                      <span className="class-time">{c.localTime}</span>
                      <span className="class-title">{c.title}</span>
                      <span className="class-counts">
                        {c.booked}/{c.capacity} booked · {c.waitlisted} waitlist · {c.checkedIn} in
                      </span>
                      {c.status !== 'scheduled' && <span className="badge">{c.status}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
        {selected && (
          <ClassRoster
            classId={selected.classId}
            localTime={selected.localTime}
            onCheckIn={(memberId, name) =>
              void run({
                memberId,
                memberName: name,
                classId: selected.classId,
                classTitle: selected.title,
              })
            }
            onOpenMember={props.onOpenMember}
          />
        )}
      </div>
    </div>
  );
}

function CheckInResult(props: {
  readonly result: Result | null;
  readonly overrideReason: string;
  readonly onOverrideReason: (reason: string) => void;
  readonly onRetry: (target: CheckInTarget, reason: string) => void;
  readonly onWaitlist: (target: CheckInTarget) => void;
  readonly onOpenMember: (memberId: string) => void;
  readonly onSellDropIn: (request: DropInRequest) => void;
}) {
  const { result } = props;
  if (!result) return null;
  if ('error' in result) return <ErrorNote error={result.error} />;
  const { target, outcome } = result;
  const who = target.memberName;
  switch (outcome.kind) {
    case 'checkedIn':
      return (
        <p className="result ok" role="status">
          {who} is checked in to {target.classTitle}
          {outcome.already ? '' : ` (${outcome.paidBy})`}.
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
