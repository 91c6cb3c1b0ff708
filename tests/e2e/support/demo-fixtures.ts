import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserDesk } from '../../../src-main/loopback/browser-mode';
import { unwrapDeskReply } from '../../../src-shared/bridge/desk-bridge';
import { studioClock } from '../../../src-renderer/desk/studio-time';

export interface FixtureClass {
  readonly classId: string;
  readonly title: string;
  readonly startTime: string;
  readonly locationId: string;
  readonly locationName: string;
  readonly timeZone: string;
  /** YYYY-MM-DD and "6:05 PM" in the location's zone, as the Today screen shows them. */
  readonly localDate: string;
  readonly localTime: string;
}

/** The class as the Today screen shows it: its day and 12-hour time in its location's zone. */
function onScreen(klass: Omit<FixtureClass, 'localDate' | 'localTime'>): FixtureClass {
  const clock = studioClock(klass.timeZone);
  return {
    ...klass,
    localDate: clock.day(new Date(klass.startTime)),
    localTime: clock.time(klass.startTime),
  };
}

/**
 * Check-in keeps to the studio's window and a scan checks in to today's class at this
 * desk's location (issue 17 item 4): the fixture class is moved to start this minute
 * (`class.update`, by the signed-in manager or owner) and this desk is placed at
 * its location, so members check in to it by name and by card now.
 */
export async function startFixtureClassNow(
  desk: BrowserDesk,
  klass: FixtureClass,
): Promise<FixtureClass> {
  const startTime = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  unwrapDeskReply(
    await desk.host.invoke('desk.mutate', {
      name: 'class.update',
      args: { classId: klass.classId, startTime },
    }),
  );
  unwrapDeskReply(await desk.host.invoke('deskLocation.set', { locationId: klass.locationId }));
  return onScreen({ ...klass, startTime });
}

export interface FixtureMember {
  readonly memberId: string;
  readonly name: string;
  readonly email: string;
  readonly barcode: string | null;
}

export interface DemoFixtures {
  readonly klass: FixtureClass;
  /** Active membership, waivers signed, not booked into the class. */
  readonly subscribers: readonly FixtureMember[];
  /** No membership and no pack credits, required waivers signed: buys a pack to come in. */
  readonly walkIn: FixtureMember;
  /** An optional waiver the walk-in has not signed yet: signed on screen. */
  readonly unsignedWaiver: string;
}

/**
 * Picks, from the desk's own synced copy, a class with room and members whose situation
 * the test needs. Read-only: the desk under test owns the database.
 */
export function findDemoFixtures(dataDir: string, nowMs: number): DemoFixtures {
  const db = new Database(join(dataDir, 'desk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const after = new Date(nowMs + 60 * 60_000).toISOString();
    const classes = db
      .prepare(
        `select c.id, c.title, c.start_time, c.capacity, l.id as location_id, l.name as location, l.time_zone,
                (select count(*) from bookings b
                  where b.class_id = c.id and b.status in ('confirmed', 'waitlisted')) as taken
           from classes c join locations l on l.id = c.location_id
          where c.status = 'scheduled' and c.start_time > ?
            -- A walk-in pays for it: the demo's free community classes have nothing to pay
            -- at Sell drop-in, and one of them came first at some hours of the day.
            and c.drop_in_price > 0
          order by c.start_time limit 200`,
      )
      .all(after) as {
      id: string;
      title: string;
      start_time: string;
      capacity: number;
      location_id: string;
      location: string;
      time_zone: string;
      taken: number;
    }[];
    const row = classes.find((c) => c.capacity - c.taken >= 5);
    if (!row) throw new Error('the demo studio has no upcoming class with five free places');
    const now = new Date(nowMs).toISOString();
    const members = db
      .prepare(
        `select m.id, m.profile, m.barcode, u.email,
                -- An unlimited plan: a limited one may have no visit left this period
                -- (issue 18's class limits), and the check-in tests are not about that.
                exists (select 1 from subscriptions s
                          join membership_plans p on p.id = s.plan_id
                         where s.member_id = m.id and p.class_limit is null
                           and s.status in ('active', 'trialing') and s.current_period_end > @now) as subscribed,
                exists (select 1 from purchased_packs p where p.member_id = m.id
                         and p.remaining_credits > 0) as has_pack,
                (select t.title from waiver_templates t
                  where t.tenant_id = m.tenant_id and t.active = 1 and t.required = 0
                    and not exists (select 1 from waiver_signatures s
                                     where s.template_id = t.id and s.member_id = m.id)
                  order by t.title limit 1) as unsigned_waiver
           from tenant_members m
           join users u on u.id = m.user_id
           join tenant_roles r on r.member_id = m.id and r.role = 'student'
          where m.status = 'active'
            and not exists (select 1 from waiver_templates t
                             where t.tenant_id = m.tenant_id and t.required = 1 and t.active = 1
                               and not exists (select 1 from waiver_signatures s
                                                where s.template_id = t.id and s.member_id = m.id))
            and not exists (select 1 from bookings b where b.class_id = @classId and b.member_id = m.id)
          order by m.id`,
      )
      .all({ now, classId: row.id }) as {
      id: string;
      profile: string;
      barcode: string | null;
      email: string;
      subscribed: number;
      has_pack: number;
      unsigned_waiver: string | null;
    }[];
    const toMember = (m: (typeof members)[number]): FixtureMember => {
      const profile = JSON.parse(m.profile) as { firstName?: string; lastName?: string };
      return {
        memberId: m.id,
        name: `${profile.firstName ?? ''} ${profile.lastName ?? ''}`,
        email: m.email,
        barcode: m.barcode,
      };
    };
    const all = members.map(toMember);
    const unique = (m: FixtureMember) => all.filter((o) => o.name === m.name).length === 1;
    const subscribers = members
      .filter((m) => m.subscribed === 1 && m.barcode !== null)
      .map(toMember)
      .filter(unique);
    const walkInRow = members.find(
      (m) =>
        m.subscribed === 0 && m.has_pack === 0 && m.unsigned_waiver !== null && unique(toMember(m)),
    );
    if (subscribers.length < 2 || !walkInRow?.unsigned_waiver) {
      throw new Error('the demo studio lacks the members this test needs');
    }
    const walkIn = toMember(walkInRow);
    return {
      klass: onScreen({
        classId: row.id,
        title: row.title,
        startTime: row.start_time,
        locationId: row.location_id,
        locationName: row.location,
        timeZone: row.time_zone,
      }),
      subscribers,
      walkIn,
      unsignedWaiver: walkInRow.unsigned_waiver,
    };
  } finally {
    db.close();
  }
}
