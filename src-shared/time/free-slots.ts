import { weekdayOf, zonedWallClock, type ZonedWallClock } from './zoned-wall-clock';

/**
 * The appointment slot finder: which times a staff member can take an appointment of a given
 * length on one day at one location. Pure (no database, no clock), so the desk's query, the
 * booking mutation's check and the tests all run the same rules.
 *
 * Open time is the weekly hours for the day's weekday, plus the day's extra hours, minus its
 * time off, all as wall-clock minutes in the location's zone; turned into UTC instants by
 * the zone's own DST rules (zoned-wall-clock.ts), so a 09:00–17:00 day is 8 real hours on
 * the day the clocks change, and slots never fall in an hour the clocks skip. A slot is free
 * when it lies inside open time and overlaps nothing the staff member is busy with
 * (appointments and classes they instruct, at any location).
 */

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

/** One block of a weekly schedule: ISO weekday (1 Monday … 7 Sunday) and wall-clock minutes. */
export interface WeeklyHours {
  readonly weekday: number;
  readonly startMinute: number;
  /** Exclusive; at most 1440 (midnight). */
  readonly endMinute: number;
}

/** A dated change to the weekly hours. Time off with no minutes is the whole day. */
export interface AvailabilityException {
  readonly date: string;
  readonly kind: 'off' | 'extra';
  readonly startMinute: number | null;
  readonly endMinute: number | null;
}

/** Time the staff member is taken, as instants (ISO 8601): [start, end). */
export interface BusyTime {
  readonly start: string;
  readonly end: string;
}

export interface SlotSearch {
  /** The location's calendar day, YYYY-MM-DD. */
  readonly date: string;
  /** The location's IANA zone. */
  readonly timeZone: string;
  readonly durationMinutes: number;
  /** Slots start this many minutes apart, from the start of each block of open time. */
  readonly stepMinutes: number;
  readonly weeklyHours: readonly WeeklyHours[];
  /** Exceptions of other days are ignored. */
  readonly exceptions: readonly AvailabilityException[];
  readonly busy: readonly BusyTime[];
  /** No slot starts before this instant (now, at the desk). */
  readonly notBefore?: string;
}

export interface FreeSlot {
  readonly startTime: string;
  readonly endTime: string;
  /** HH:MM on the location's wall clock. */
  readonly localTime: string;
}

interface MinuteRange {
  readonly start: number;
  readonly end: number;
}

/** Open time as instants, [startMs, endMs). */
export interface OpenWindow {
  readonly startMs: number;
  readonly endMs: number;
}

function merged(ranges: readonly MinuteRange[]): MinuteRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: MinuteRange[] = [];
  for (const range of sorted) {
    const last = out.at(-1);
    if (last !== undefined && range.start <= last.end) {
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    } else {
      out.push(range);
    }
  }
  return out;
}

function without(ranges: readonly MinuteRange[], cut: MinuteRange): MinuteRange[] {
  return ranges.flatMap((r) => {
    if (cut.end <= r.start || cut.start >= r.end) return [r];
    return [
      { start: r.start, end: cut.start },
      { start: cut.end, end: r.end },
    ].filter((piece) => piece.end > piece.start);
  });
}

/** The day's open wall-clock minutes: weekly hours plus extra hours, less time off. */
export function openMinutesOf(
  date: string,
  weeklyHours: readonly WeeklyHours[],
  exceptions: readonly AvailabilityException[],
): readonly MinuteRange[] {
  const weekday = weekdayOf(date);
  const today = exceptions.filter((e) => e.date === date);
  const rangeOf = (e: AvailabilityException): MinuteRange => ({
    start: e.startMinute ?? 0,
    end: e.endMinute ?? DAY_MINUTES,
  });
  let open = merged([
    ...weeklyHours
      .filter((h) => h.weekday === weekday)
      .map((h) => ({ start: h.startMinute, end: h.endMinute })),
    ...today.filter((e) => e.kind === 'extra').map(rangeOf),
  ]);
  for (const off of today.filter((e) => e.kind === 'off')) open = without(open, rangeOf(off));
  return open;
}

/** The day's open time as instants, in the zone's wall clock. */
export function openWindowsOf(
  search: Pick<SlotSearch, 'date' | 'weeklyHours' | 'exceptions'>,
  clock: ZonedWallClock,
): OpenWindow[] {
  return openMinutesOf(search.date, search.weeklyHours, search.exceptions)
    .map((range) => ({
      startMs: clock.instantOf(search.date, range.start),
      endMs: clock.instantOf(search.date, range.end),
    }))
    .filter((w) => w.endMs > w.startMs);
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Every free slot of the day, earliest first. */
export function findFreeSlots(search: SlotSearch): FreeSlot[] {
  const clock = zonedWallClock(search.timeZone);
  const lengthMs = search.durationMinutes * MINUTE_MS;
  const stepMs = search.stepMinutes * MINUTE_MS;
  const notBefore = search.notBefore === undefined ? -Infinity : Date.parse(search.notBefore);
  const busy = search.busy.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
  const slots: FreeSlot[] = [];
  for (const window of openWindowsOf(search, clock)) {
    // Stepping in real time keeps every slot the same real length across a DST change.
    for (let start = window.startMs; start + lengthMs <= window.endMs; start += stepMs) {
      const end = start + lengthMs;
      if (start < notBefore) continue;
      if (busy.some((b) => b.start < end && start < b.end)) continue;
      slots.push({
        startTime: new Date(start).toISOString(),
        endTime: new Date(end).toISOString(),
        localTime: hhmm(clock.wallClockAt(start).minute),
      });
    }
  }
  return slots;
}

/**
 * Whether [start, start + duration) lies inside the open time of the location's day it
 * starts on: the booking mutations' check of a slot staff chose.
 */
export function isWithinOpenTime(
  search: Pick<SlotSearch, 'timeZone' | 'weeklyHours' | 'exceptions' | 'durationMinutes'> & {
    readonly startTime: string;
  },
): boolean {
  const clock = zonedWallClock(search.timeZone);
  const start = Date.parse(search.startTime);
  const end = start + search.durationMinutes * MINUTE_MS;
  const { date } = clock.wallClockAt(start);
  return openWindowsOf({ ...search, date }, clock).some(
    (w) => w.startMs <= start && end <= w.endMs,
  );
}
