import type { Database } from '../src-shared/schema/catalog';
import type { BatchBuffer, DemoBatch } from './demo-batches';
import type { DemoContext } from './demo-context';
import { DEMO_RATES, REFERENCE_CAPACITY } from './demo-scale';
import type { ClassType } from './demo-studios';
import { DAY_MS, iso, MINUTE_MS } from './demo-time';
import type { LocationPlan, PeoplePlan, StaffPlan } from './plan-people';
import type { SeededRandom } from './seeded-random';
import {
  formatRecurrence,
  seriesOccurrences,
  type RuleWeekday,
  type SeriesRecurrence,
} from './series-recurrence';

type ClassStatus = Database['classes']['status'];

export interface SeriesPlan {
  readonly index: number;
  readonly id: string;
  readonly locationIndex: number;
  readonly classType: ClassType;
  readonly ruleText: string;
  readonly instructor: StaffPlan;
  readonly capacity: number;
  readonly dropInPrice: number;
  /** Mean share of capacity that books. */
  readonly popularity: number;
  readonly createdMs: number;
}

export interface ClassPlan {
  readonly index: number;
  readonly id: string;
  readonly series: SeriesPlan;
  readonly startMs: number;
  readonly instructorId: string;
  readonly status: ClassStatus;
  readonly createdMs: number;
}

export interface SchedulePlan {
  readonly series: readonly SeriesPlan[];
  /** Every class in the window, earliest first. */
  readonly classes: readonly ClassPlan[];
}

const WEEKDAY_TIMES = ['06:00', '07:15', '09:30', '12:00', '16:30', '17:30', '18:45', '20:00'];
const WEEKEND_TIMES = ['08:00', '09:30', '11:00', '12:30', '16:00'];
const WEEKDAY_PATTERNS: RuleWeekday[][] = [
  ['MO', 'WE', 'FR'],
  ['TU', 'TH'],
  ['MO', 'WE'],
  ['MO'],
  ['TU'],
  ['WE'],
  ['TH'],
  ['FR'],
];
const WEEKEND_PATTERNS: RuleWeekday[][] = [['SA', 'SU'], ['SA'], ['SU']];
const DAY_NUMBER: Readonly<Record<string, number>> = {
  SU: 0,
  MO: 1,
  TU: 2,
  WE: 3,
  TH: 4,
  FR: 5,
  SA: 6,
};

interface Slot {
  readonly time: string;
  readonly days: readonly RuleWeekday[];
}

/** The slots that put a class on each weekday, morning and evening. */
const WEEKDAY_COVER: readonly Slot[] = [
  { time: '07:15', days: ['MO', 'WE', 'FR'] },
  { time: '17:30', days: ['TU', 'TH'] },
];

/** Classes a room can hold in a week: every start time on every day of the grid. */
export const WEEKLY_CELLS_PER_ROOM = WEEKDAY_TIMES.length * 5 + WEEKEND_TIMES.length * 2;

/**
 * Fills `perWeek` cells of a week's grid (room × day × start time) with series of one to
 * three days each, so a location offers exactly `perWeek` classes in a normal week. Big
 * locations run a second room.
 */
function weeklySlots(random: SeededRandom, perWeek: number): Slot[] {
  const rooms = Math.ceil(perWeek / (WEEKLY_CELLS_PER_ROOM - 10));
  const taken = new Map<string, number>();
  const free = (cell: string) => (taken.get(cell) ?? 0) < rooms;
  const slots: Slot[] = [];
  let remaining = perWeek;
  // Every weekday gets a class before the random fill: left to chance, a small location's
  // week could skip Tuesday and Thursday, and the desk's Today is then empty those days.
  for (const slot of WEEKDAY_COVER) {
    if (slot.days.length > remaining) continue;
    for (const d of slot.days) taken.set(`${d}@${slot.time}`, 1);
    slots.push(slot);
    remaining -= slot.days.length;
  }
  while (remaining > 0) {
    const candidates: (readonly [Slot, number])[] = [];
    for (const [times, patterns] of [
      [WEEKDAY_TIMES, WEEKDAY_PATTERNS],
      [WEEKEND_TIMES, WEEKEND_PATTERNS],
    ] as const) {
      for (const time of times) {
        for (const days of patterns) {
          if (days.length > remaining || !days.every((d) => free(`${d}@${time}`))) continue;
          candidates.push([{ time, days }, days.length * days.length]);
        }
      }
    }
    if (candidates.length === 0) break;
    const slot = random.weighted(candidates);
    for (const d of slot.days)
      taken.set(`${d}@${slot.time}`, (taken.get(`${d}@${slot.time}`) ?? 0) + 1);
    slots.push(slot);
    remaining -= slot.days.length;
  }
  return slots;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The first date on or after `dayMs` (floating midnight) that falls on one of `days`. */
function firstMatchingDay(dayMs: number, days: readonly string[]): number {
  const wanted = new Set(days.map((d) => DAY_NUMBER[d.slice(-2)]));
  let day = dayMs;
  while (!wanted.has(new Date(day).getUTCDay())) day += DAY_MS;
  return day;
}

interface SeriesDraft {
  readonly location: LocationPlan;
  readonly classType: ClassType;
  readonly recurrence: SeriesRecurrence;
  readonly instructor: StaffPlan;
  readonly createdMs: number;
}

function locationSeries(
  ctx: DemoContext,
  random: SeededRandom,
  location: LocationPlan,
  instructors: readonly StaffPlan[],
): SeriesDraft[] {
  const zone = location.region.timeZone;
  const drafts: SeriesDraft[] = [];
  let nextInstructor = random.int(0, instructors.length - 1);
  const teacher = () => instructors[nextInstructor++ % instructors.length] ?? location.manager;
  const draft = (
    classType: ClassType,
    time: string,
    days: readonly string[],
    options: {
      fromDayMs: number;
      untilMs?: number;
      freq?: 'WEEKLY' | 'MONTHLY';
      interval?: number;
    },
  ) => {
    const firstDay = firstMatchingDay(options.fromDayMs, days);
    const recurrence: SeriesRecurrence = {
      timeZone: zone,
      firstStart: firstDay + minutesOf(time) * MINUTE_MS,
      freq: options.freq ?? 'WEEKLY',
      interval: options.interval ?? 1,
      byDay: days,
      ...(options.untilMs === undefined ? {} : { untilMs: options.untilMs }),
    };
    // Announced two weeks ahead; never after `now`.
    const announcedMs = ctx.zones.toUtc(zone, firstDay) - 14 * DAY_MS;
    const createdMs = Math.max(ctx.onboardedMs, Math.min(ctx.nowMs, announcedMs));
    drafts.push({ location, classType, recurrence, instructor: teacher(), createdMs });
  };
  const since = () => ctx.onboardedMs - random.int(0, 120) * DAY_MS;
  const floatingDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
  const types = ctx.profile.classTypes;
  const meanCapacity =
    types.reduce((sum, t) => sum + (t.minCapacity + t.maxCapacity) / 2, 0) / types.length;
  const perWeek = Math.round(
    (ctx.shape.classesPerWeekPerLocation * REFERENCE_CAPACITY) / meanCapacity,
  );
  for (const slot of weeklySlots(random, perWeek)) {
    const classType = random.pick(ctx.profile.classTypes);
    const fromDayMs = floatingDay(since());
    // Some slots change hands mid-window: one series ends, a new one starts in its place.
    if (ctx.dayCount > 28 && random.chance(0.15)) {
      const switchDay = ctx.historyStartMs + random.int(7, ctx.dayCount - 7) * DAY_MS;
      const untilMs = ctx.zones.toUtc(zone, switchDay) - 1000;
      draft(classType, slot.time, slot.days, { fromDayMs, untilMs });
      const successor = random.pick(ctx.profile.classTypes);
      draft(successor, slot.time, slot.days, { fromDayMs: switchDay });
    } else {
      draft(classType, slot.time, slot.days, { fromDayMs });
    }
  }
  const fromDayMs = floatingDay(since());
  draft(ctx.profile.workshop, '14:00', ['SA'], { fromDayMs, interval: 2 });
  draft(ctx.profile.monthly, '15:00', ['1SU'], { fromDayMs, freq: 'MONTHLY' });
  return drafts;
}

/** Decides the timetable of every location and expands it into classes. */
export function planSchedule(ctx: DemoContext, people: PeoplePlan): SchedulePlan {
  const random = ctx.random.fork('schedule');
  const seriesIds = ctx.ids('class_series');
  const series: SeriesPlan[] = [];
  const occurrences: { series: SeriesPlan; id: string; startMs: number }[] = [];
  for (const location of people.locations) {
    const teachesHere = location.index === 0 && people.owner.roles.includes('instructor');
    const instructors = teachesHere
      ? [people.owner, ...location.instructors]
      : location.instructors;
    for (const d of locationSeries(ctx, random, location, instructors)) {
      const capacity = random.int(d.classType.minCapacity, d.classType.maxCapacity);
      const plan: SeriesPlan = {
        index: series.length,
        id: seriesIds.next(d.createdMs),
        locationIndex: location.index,
        classType: d.classType,
        ruleText: formatRecurrence(d.recurrence),
        instructor: d.instructor,
        capacity,
        dropInPrice: Math.round((d.classType.dropInPrice * ctx.profile.priceFactor) / 100) * 100,
        popularity: random.float(DEMO_RATES.popularity[0], DEMO_RATES.popularity[1]),
        createdMs: d.createdMs,
      };
      series.push(plan);
      const made = seriesOccurrences(
        { id: plan.id, ruleText: plan.ruleText },
        ctx.historyStartMs,
        ctx.windowEndMs,
        ctx.zones,
      );
      for (const { id, startMs } of made) occurrences.push({ series: plan, id, startMs });
    }
  }
  occurrences.sort((a, b) => a.startMs - b.startMs || a.series.index - b.series.index);
  const classes = occurrences.map(({ series: s, id, startMs }, index): ClassPlan => {
    const isPast = startMs < ctx.nowMs;
    const cancelRate = isPast
      ? DEMO_RATES.cancelledClasses.past
      : DEMO_RATES.cancelledClasses.future;
    const status: ClassStatus = random.chance(cancelRate)
      ? 'cancelled'
      : isPast
        ? 'completed'
        : 'scheduled';
    const pool = people.locations[s.locationIndex]?.instructors ?? [];
    // One class in twenty is taught by a substitute.
    const substitute = pool.length > 1 && random.chance(0.05) ? random.pick(pool) : undefined;
    return {
      index,
      id,
      series: s,
      startMs,
      instructorId: (substitute ?? s.instructor).id,
      status,
      // As the product makes them (R11.1): a class is created when its series was.
      createdMs: s.createdMs,
    };
  });
  return { series, classes };
}

/** Class series with their RRULEs, then every class they expand to, earliest first. */
export function* generateSchedule(
  ctx: DemoContext,
  people: PeoplePlan,
  schedule: SchedulePlan,
  buffer: BatchBuffer,
): Generator<DemoBatch> {
  const locationId = (index: number) => {
    const location = people.locations[index];
    if (!location) throw new Error(`no location ${index}`);
    return location.id;
  };
  for (const s of schedule.series) {
    buffer.add('class_series', {
      id: s.id,
      tenant_id: ctx.tenantId,
      title: s.classType.title,
      recurrence_rule: s.ruleText,
      location_id: locationId(s.locationIndex),
      instructor_id: s.instructor.id,
      duration_minutes: s.classType.durationMinutes,
      capacity: s.capacity,
      created_at: iso(s.createdMs),
      // Series generated whole: what the console keeps for its own series stays at its default.
      room_id: null,
      drop_in_price: s.dropInPrice,
      time_zone: null,
      plan_ids: null,
      pack_definition_ids: null,
      excluded_dates: null,
      // Every class of the series up to the window's end exists: its horizon, which the
      // server's job (classSeries.extend) carries on from.
      materialised_until: iso(ctx.windowEndMs),
      status: null,
      lineage_id: null,
    });
  }
  for (const c of schedule.classes) {
    buffer.add('classes', {
      id: c.id,
      tenant_id: ctx.tenantId,
      series_id: c.series.id,
      location_id: locationId(c.series.locationIndex),
      instructor_id: c.instructorId,
      title: c.series.classType.title,
      start_time: iso(c.startMs),
      duration_minutes: c.series.classType.durationMinutes,
      capacity: c.series.capacity,
      drop_in_price: c.series.dropInPrice,
      room_id: null,
      status: c.status,
      created_at: iso(c.createdMs),
      // Each class sits where its series' rule put it.
      original_start: iso(c.startMs),
      series_edited_at: null,
    });
    if (buffer.isFull) yield* buffer.flush();
  }
}
