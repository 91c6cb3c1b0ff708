import { useMemo, useState } from 'react';
import type { QueryResult } from '../../../src-shared/bridge/desk-operations';
import { useDeskQuery } from '../../desk/desk-context';
import { formatMoney } from '../../desk/money';
import { useStudioTime } from '../../desk/use-studio-time';
import { ErrorNote } from '../../shell/error-note';
import { ClassForm, type ClassChoices } from './class-form';
import { formatClassTime, studioWeek } from './class-times';
import { useDeskLocation } from './desk-location';
import { classStatusLabel } from '../../desk/status-labels';
import { useAction } from './use-action';
import { CancelClassConfirm } from './series-cancel-class';
import { SeriesClassEdit } from './series-class-edit';
import { SeriesSection } from './series-section';

type StudioClass = QueryResult<'studio.classes'>[number];

/**
 * A week of classes (`studio.classes`): schedule, change or cancel one (a class of a series
 * is changed by scope, series-class-edit.tsx); below, the class series (series-section.tsx).
 */
export function ClassesTab() {
  const [weeks, setWeeks] = useState(0);
  const clock = useStudioTime();
  const week = useMemo(
    () => studioWeek(new Date(), clock.timeZone, weeks),
    [clock.timeZone, weeks],
  );
  const range = useMemo(() => ({ from: week.from, to: week.to }), [week]);
  const classes = useDeskQuery('studio.classes', range);
  const locations = useDeskQuery('studio.locations', {});
  // Former staff too: a series or class may still name an instructor who has left.
  const staff = useDeskQuery('staff.list', { includeInactive: true });
  const plans = useDeskQuery('catalogue.plans', {});
  const packs = useDeskQuery('catalogue.packs', {});
  const settings = useDeskQuery('studio.settings', {});
  const currency = settings.data?.currency ?? 'USD';
  const series = useDeskQuery('classSeries.list', { includeEnded: true });
  const [editing, setEditing] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<StudioClass | null>(null);
  const { busy, error, done, run } = useAction();
  const deskLocationId = useDeskLocation().location?.locationId ?? null;

  const choices: ClassChoices = {
    locations: locations.data ?? [],
    instructors: (staff.data ?? [])
      .filter((s) => s.active && s.roles.includes('instructor'))
      .map((s) => [s.memberId, `${s.firstName} ${s.lastName}`] as const),
    plans: (plans.data ?? []).filter((p) => p.active).map((p) => [p.planId, p.name] as const),
    packs: (packs.data ?? [])
      .filter((p) => p.active)
      .map((p) => [p.packDefinitionId, p.name] as const),
  };
  const zoneOf = (locationId: string) =>
    choices.locations.find((l) => l.locationId === locationId)?.timeZone ??
    Intl.DateTimeFormat().resolvedOptions().timeZone;
  const chosen = classes.data?.find((c) => c.classId === editing);
  const staffName = (memberId: string) => {
    const member = staff.data?.find((s) => s.memberId === memberId);
    return member ? `${member.firstName} ${member.lastName}` : null;
  };
  const ready = locations.data !== undefined;

  return (
    <>
      <div className="columns">
        <section className="card" aria-label="Classes this week">
          <h3>Classes</h3>
          <div className="row">
            <button
              type="button"
              onClick={() => {
                setWeeks((w) => w - 1);
              }}
            >
              Previous week
            </button>
            <span aria-label="Week">Week of {clock.date(week.from)}</span>
            <button
              type="button"
              onClick={() => {
                setWeeks((w) => w + 1);
              }}
            >
              Next week
            </button>
          </div>
          <ErrorNote error={classes.error ?? error} />
          {done !== null && <p role="status">{done}</p>}
          {classes.data?.length === 0 && <p className="hint">No class this week.</p>}
          <ul className="console-list">
            {classes.data?.map((c) => (
              <li key={c.classId} className={c.status === 'scheduled' ? '' : 'muted'}>
                <strong>{c.title}</strong>
                {c.seriesId === null ? '' : ' (series)'}{' '}
                {formatClassTime(c.startTime, zoneOf(c.locationId))}, {c.durationMinutes} min
                {c.roomName === null ? '' : `, ${c.roomName}`}
                {c.instructorName === null ? '' : `, ${c.instructorName}`} — {c.confirmed} of{' '}
                {c.capacity} booked
                {c.waitlisted > 0 ? `, ${c.waitlisted} waiting` : ''}, drop-in{' '}
                {formatMoney(c.dropInPrice, currency)}
                {c.status === 'scheduled' ? '' : ` (${classStatusLabel(c.status)})`}
                {c.status === 'scheduled' && (
                  <div className="row">
                    <button
                      type="button"
                      className="link"
                      aria-label={`Edit ${c.title}, ${formatClassTime(c.startTime, zoneOf(c.locationId))}`}
                      onClick={() => {
                        setEditing(c.classId);
                      }}
                    >
                      Edit {c.title}
                    </button>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Cancel ${c.title}, ${formatClassTime(c.startTime, zoneOf(c.locationId))}`}
                      onClick={() => {
                        setCancelling(c);
                      }}
                    >
                      Cancel {c.title}
                    </button>
                  </div>
                )}
                {cancelling?.classId === c.classId && (
                  <CancelClassConfirm
                    klass={c}
                    when={formatClassTime(c.startTime, zoneOf(c.locationId))}
                    busy={busy}
                    run={run}
                    onClose={() => {
                      setCancelling(null);
                    }}
                  />
                )}
              </li>
            ))}
          </ul>
        </section>
        <div>
          {ready && chosen && chosen.seriesId !== null && (
            <SeriesClassEdit
              key={chosen.classId}
              klass={chosen}
              series={series.data?.find((s) => s.seriesId === chosen.seriesId)}
              choices={choices}
              onDone={(message) => {
                setEditing(null);
                void run(() => Promise.resolve(message));
              }}
              onClose={() => {
                setEditing(null);
              }}
            />
          )}
          {ready && chosen && chosen.seriesId === null && (
            <ClassForm
              key={chosen.classId}
              klass={chosen}
              choices={choices}
              onClose={() => {
                setEditing(null);
              }}
            />
          )}
          {ready &&
            (choices.locations.length === 0 ? (
              <p className="hint">Add a location first, in the Locations tab.</p>
            ) : (
              <ClassForm
                // Remounted once this desk's location is known, so a new class starts there.
                key={`new:${deskLocationId ?? ''}`}
                klass={null}
                choices={choices}
                deskLocationId={deskLocationId}
                onClose={() => undefined}
              />
            ))}
        </div>
      </div>
      {ready && (
        <SeriesSection
          series={series.data}
          error={series.error}
          choices={choices}
          staffName={staffName}
          currency={currency}
          deskLocationId={deskLocationId}
        />
      )}
    </>
  );
}
