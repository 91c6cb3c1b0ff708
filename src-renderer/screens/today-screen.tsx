import { useEffect, useMemo, useRef, useState } from 'react';
import { checkIn, scanTarget, type CheckInTarget } from '../desk/check-in';
import { useDesk, useDeskQuery } from '../desk/desk-context';
import type { DayClass } from '../desk/operation-shapes';
import {
  DEFAULT_CHECK_IN_CLOSES_MINUTES,
  DEFAULT_CHECK_IN_OPENS_MINUTES,
} from '../../src-shared/mutations/front-desk/tenant-settings';
import { classStatusLabel } from '../desk/status-labels';
import { studioClock } from '../desk/studio-time';
import { useStudioTime } from '../desk/use-studio-time';
import { ErrorNote } from '../shell/error-note';
import { MemberSearch } from '../shell/member-search';
import type { Scan } from '../shell/workspace';
import { ClassRoster } from './class-roster';
import { errorSentence } from '../desk/error-text';
import { DropInSale } from './drop-in-sale';
import { useDeskLocation } from './console/desk-location';
import { paymentWords } from './book-ahead-payment';
import { WaitlistPaymentDialog } from './waitlist-payment-dialog';
import {
  CheckInAlerts,
  CheckInResult,
  classWhen,
  type CheckInAlert,
  type CheckInResultState,
  type DropInRequest,
} from './check-in-result';

type Result = CheckInResultState;

/** A class of the day with the zone of its location, which its times are read in. */
type ZonedClass = DayClass & { readonly timeZone: string; readonly locationName: string };

function zoned(
  day:
    | {
        readonly locations: readonly {
          readonly name: string;
          readonly timeZone: string;
          readonly classes: readonly DayClass[];
        }[];
      }
    | undefined,
): ZonedClass[] {
  return (day?.locations ?? [])
    .flatMap((l) => l.classes.map((c) => ({ ...c, timeZone: l.timeZone, locationName: l.name })))
    .sort((a, b) => a.startTime.localeCompare(b.startTime));
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
  const clock = useStudioTime();
  const deskLocation = useDeskLocation().location;
  const settings = useDeskQuery('studio.settings', {});
  // Today on the studio's wall clock, not the computer's: the picker starts there.
  const today = clock.day(new Date());
  const [pickedDate, setDate] = useState<string | null>(null);
  const date = pickedDate ?? today;
  const day = useDeskQuery('schedule.day', { date });
  // What a scan checks into: today's classes at this desk's location, whatever day is shown.
  const todays = useDeskQuery(
    'schedule.day',
    deskLocation === undefined
      ? null
      : { date: today, ...(deskLocation ? { locationId: deskLocation.locationId } : {}) },
  );
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [alerts, setAlerts] = useState<{
    readonly memberName: string;
    readonly alerts: readonly CheckInAlert[];
  } | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [dropIn, setDropIn] = useState<DropInRequest | null>(null);
  /** A member of a full class choosing how their waitlist place is paid. */
  const [waitlisting, setWaitlisting] = useState<CheckInTarget | null>(null);
  const allClasses = useMemo(() => zoned(day.data), [day.data]);
  const todayClasses = useMemo(() => zoned(todays.data), [todays.data]);
  const scanClass = scanTarget(todayClasses, Date.now(), {
    opensMinutes: settings.data?.checkInOpensMinutes ?? DEFAULT_CHECK_IN_OPENS_MINUTES,
    closesMinutes: settings.data?.checkInClosesMinutes ?? DEFAULT_CHECK_IN_CLOSES_MINUTES,
  });
  const chosen = allClasses.find((c) => c.classId === selectedId);
  const selected = chosen ?? (date === today ? (scanClass ?? allClasses[0]) : allClasses[0]);

  const targetOf = (c: ZonedClass, memberId: string, memberName: string): CheckInTarget => ({
    memberId,
    memberName,
    classId: c.classId,
    classTitle: c.title,
    classStart: c.startTime,
    timeZone: c.timeZone,
  });

  const showAlerts = (memberId: string, memberName: string) => {
    setAlerts(null);
    desk.query('member.glance', { memberId, at: new Date().toISOString() }).then(
      (glance) => {
        setAlerts({
          memberName,
          alerts: glance.alerts.map((a) => ({ noteId: a.noteId, note: a.note })),
        });
      },
      // The check-in itself reports any failure; the alerts are read alongside it.
      () => undefined,
    );
  };

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
  const checkInTo = (klass: ZonedClass | undefined, memberId: string, memberName: string) => {
    showAlerts(memberId, memberName);
    if (!klass) {
      const where = deskLocation ? ` at ${deskLocation.name}` : '';
      setResult({
        error: new Error(`There is no class left today${where} to check ${memberName} into.`),
      });
      return;
    }
    void run(targetOf(klass, memberId, memberName));
  };
  // By name: the class staff chose on screen, else today's class at this desk.
  const checkInMember = (memberId: string, memberName: string) => {
    checkInTo(chosen ?? scanClass, memberId, memberName);
  };

  // The scan effect runs only on a new scan, with today's class at that moment.
  const checkInScanned = useRef((memberId: string, memberName: string) => {
    checkInTo(scanClass, memberId, memberName);
  });
  checkInScanned.current = (memberId, memberName) => {
    checkInTo(scanClass, memberId, memberName);
  };
  const lastScan = useRef<number>(0);
  useEffect(() => {
    const scan = props.scan;
    if (!scan || scan.seq === lastScan.current) return;
    lastScan.current = scan.seq;
    desk.query('member.find', { text: scan.code, limit: 1 }).then(
      ([member]) => {
        if (!member || member.barcode !== scan.code) {
          setAlerts(null);
          setResult({
            error: new Error(`No member has the card ${scan.code}. Search by name instead.`),
          });
          return;
        }
        checkInScanned.current(member.memberId, `${member.firstName} ${member.lastName}`);
      },
      (error: unknown) => {
        setResult({ error });
      },
    );
  }, [props.scan, desk]);

  const scanHint = scanClass
    ? `Scanned cards check in to ${scanClass.title} at ${studioClock(scanClass.timeZone).time(scanClass.startTime)} today${deskLocation ? `, ${deskLocation.name}` : ''}.`
    : `No class left today${deskLocation ? ` at ${deskLocation.name}` : ''} for scanned cards.`;

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
              setSelectedId(null);
            }}
          />
        </label>
        <MemberSearch
          label="Check in a member"
          onChoose={(m) => {
            checkInMember(m.memberId, `${m.firstName} ${m.lastName}`);
          }}
        />
        <p className="hint" aria-label="Where check-ins go">
          {chosen
            ? `Names check in to ${chosen.title}, ${studioClock(chosen.timeZone).dateTime(chosen.startTime)}. `
            : ''}
          {scanHint}
          {deskLocation === null
            ? ' Choose this desk’s location in Studio › Settings to scan in at one location only.'
            : ''}
        </p>
      </div>
      {alerts && <CheckInAlerts memberName={alerts.memberName} alerts={alerts.alerts} />}
      <CheckInResult
        result={result}
        overrideReason={overrideReason}
        onOverrideReason={setOverrideReason}
        onRetry={(target, reason) => void run(target, reason)}
        onWaitlist={(target) => {
          setWaitlisting(target);
        }}
        onOpenMember={props.onOpenMember}
        onSellDropIn={(request) => {
          setDropIn(request);
        }}
      />
      {waitlisting && (
        <WaitlistPaymentDialog
          key={`${waitlisting.memberId}:${waitlisting.classId}`}
          title={`Waitlist ${waitlisting.memberName} for ${waitlisting.classTitle}`}
          intro={`${waitlisting.classTitle}, ${classWhen(waitlisting)}, is full. Choose how ${waitlisting.memberName} pays: it is taken when a place frees and they are given it.`}
          memberId={waitlisting.memberId}
          classId={waitlisting.classId}
          submitLabel="Add to the waitlist"
          onClose={() => {
            setWaitlisting(null);
          }}
          onSubmit={async (paidBy, option) => {
            const target = waitlisting;
            const booked = await desk.mutate('booking.book', {
              classId: target.classId,
              memberId: target.memberId,
              paidBy,
              waitlist: true,
            });
            setWaitlisting(null);
            const place = booked.merged
              ? 'already booked'
              : `waitlisted #${booked.waitlistPosition ?? '?'}`;
            setResult({
              target,
              outcome: {
                kind: 'notBookable',
                reason: `${place} for ${target.classTitle} (${paymentWords(option)} when a place frees)`,
              },
            });
          }}
        />
      )}
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
                      `The drop-in was sold (receipt ${done.receiptNumber}) and ${target.memberName} is booked, but the check-in failed: ${errorSentence(done.checkInError)} Check them in from the roster.`,
                    ),
                  },
            );
          }}
        />
      )}
      <ErrorNote error={day.error} />
      <div className="today-columns">
        <section className="schedule" aria-label="Classes">
          {day.data?.locations.map((location) => {
            const at = studioClock(location.timeZone);
            return (
              <section key={location.locationId} aria-label={location.name}>
                <h2>{location.name}</h2>
                {location.classes.length === 0 && <p className="hint">No classes this day.</p>}
                <ul className="class-list">
                  {location.classes.map((c) => (
                    <li key={c.classId}>
                      <button
                        type="button"
                        className="class-card"
                        aria-pressed={selected?.classId === c.classId}
                        onClick={() => {
                          setSelectedId(c.classId);
                        }}
                      >
                        {/* Spaced text is the button's name: "6:00 AM Vinyasa Flow 3/20 booked…" */}
                        <span className="class-time">{at.time(c.startTime)}</span>{' '}
                        <span className="class-title">{c.title}</span>{' '}
                        <span className="class-counts">
                          {c.booked}/{c.capacity} booked · {c.waitlisted} waitlist · {c.checkedIn}{' '}
                          in
                        </span>
                        {c.status !== 'scheduled' && (
                          <>
                            {' '}
                            <span className="badge">{classStatusLabel(c.status)}</span>
                          </>
                        )}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </section>
        {selected && (
          <ClassRoster
            classId={selected.classId}
            timeZone={selected.timeZone}
            onCheckIn={(memberId, name) => {
              checkInTo(selected, memberId, name);
            }}
            onOpenMember={props.onOpenMember}
          />
        )}
      </div>
    </div>
  );
}
