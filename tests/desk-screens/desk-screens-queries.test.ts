import { describe, expect, it } from 'vitest';
import {
  BACKENDS,
  CLASS_START,
  NOW,
  resultOf,
  useSeededStudio,
  type Studio,
} from '../front-desk/front-desk-harness';

interface DayClass {
  classId: string;
  title: string;
  localTime: string;
  capacity: number;
  booked: number;
  waitlisted: number;
  checkedIn: number;
  instructorName: string | null;
}
interface Day {
  date: string;
  locations: { locationId: string; name: string; timeZone: string; classes: DayClass[] }[];
}

/** A class at the seeded location starting at `start`, capacity 2. */
async function addClass(studio: Studio, title: string, start: string): Promise<string> {
  const id = crypto.randomUUID();
  await studio.db
    .insertInto('classes')
    .values({
      id,
      tenant_id: studio.tenantId,
      series_id: null,
      location_id: studio.locationId,
      instructor_id: null,
      title,
      start_time: start,
      duration_minutes: 60,
      capacity: 2,
      drop_in_price: 1500,
      status: 'scheduled',
      created_at: NOW,
    })
    .execute();
  return id;
}

async function fillClass(studio: Studio): Promise<void> {
  await studio.run('waiver.sign', {
    templateId: studio.waiverTemplateId,
    memberId: studio.subscriberId,
    signature: 'Sami Tester',
  });
  await studio.run(
    'booking.book',
    {
      classId: studio.classId,
      memberId: studio.subscriberId,
      paidBy: { method: 'subscription', subscriptionId: studio.subscriptionId },
      checkIn: true,
    },
    // Walked in half an hour before the start, inside the check-in window.
    { at: new Date(Date.parse(CLASS_START) - 30 * 60_000).toISOString() },
  );
  await studio.run('booking.book', {
    classId: studio.classId,
    memberId: studio.memberId,
    paidBy: { method: 'free' },
  });
  await studio.run('booking.book', {
    classId: studio.classId,
    memberId: studio.otherMemberId,
    paidBy: { method: 'free' },
    waitlist: true,
  });
}

describe.each(BACKENDS)('desk screen queries on %s', (backend) => {
  const studio = useSeededStudio(backend);

  it('schedule.day lists a day in the location’s zone with booked, waitlisted and checked in', async () => {
    await fillClass(studio);
    // 21:00 in Chicago on 2 December is already 3 December in UTC: still that evening's class.
    const late = await addClass(studio, 'Late Yin', '2026-12-03T03:00:00.000Z');
    // 23:30 UTC on 1 December is 17:30 in Chicago on 1 December: another day.
    await addClass(studio, 'Yesterday Flow', '2026-12-01T23:30:00.000Z');
    const day = await studio.query<Day>('schedule.day', { date: '2026-12-02' });
    expect(day.locations).toHaveLength(1);
    const [location] = day.locations;
    expect(location?.timeZone).toBe('America/Chicago');
    expect(location?.classes.map((c) => [c.title, c.localTime])).toEqual([
      ['Vinyasa Flow', '12:00'],
      ['Late Yin', '21:00'],
    ]);
    expect(location?.classes[0]).toMatchObject({
      classId: studio.classId,
      capacity: 2,
      booked: 2,
      waitlisted: 1,
      checkedIn: 1,
      instructorName: 'Ines Tester',
    });
    expect(location?.classes[1]).toMatchObject({ classId: late, booked: 0, checkedIn: 0 });

    // Shown in UTC instead, the late class moves to the next day.
    const utc = await studio.query<Day>('schedule.day', { date: '2026-12-02', timeZone: 'UTC' });
    expect(utc.locations[0]?.classes.map((c) => c.title)).toEqual(['Vinyasa Flow']);
  });

  it('schedule.day refuses a malformed date or an unknown zone', async () => {
    await expect(studio.query('schedule.day', { date: '2026-13-02' })).rejects.toThrow();
    await expect(
      studio.query('schedule.day', { date: '2026-12-02', timeZone: 'Mars/Olympus' }),
    ).rejects.toThrow(/time zone/);
  });

  it('pos.catalog lists products and packs, searches names and matches a scanned barcode', async () => {
    await studio.db
      .updateTable('products')
      .set({ barcode: '0001234500' })
      .where('id', '=', studio.products.water)
      .execute();
    const all = await studio.query<{
      currency: string;
      products: { productId: string; name: string; price: number; stockQuantity: number | null }[];
      packs: { packDefinitionId: string; credits: number; price: number }[];
    }>('pos.catalog', {});
    expect(all.currency).toBe('USD');
    expect(all.products.map((p) => [p.name, p.price, p.stockQuantity])).toEqual([
      ['Grip socks', 1200, 10],
      ['Water', 300, null],
    ]);
    expect(all.packs).toEqual([
      expect.objectContaining({
        packDefinitionId: studio.packDefinitionId,
        credits: 5,
        price: 6000,
      }),
    ]);
    const socks = await studio.query<{ products: { name: string }[]; packs: unknown[] }>(
      'pos.catalog',
      { search: 'SOCK' },
    );
    expect(socks.products.map((p) => p.name)).toEqual(['Grip socks']);
    expect(socks.packs).toEqual([]);
    const scanned = await studio.query<{ exactMatch: string | null }>('pos.catalog', {
      search: '0001234500',
    });
    expect(scanned.exactMatch).toBe(studio.products.water);
    // A percent sign is text, not a wildcard.
    const literal = await studio.query<{ products: unknown[] }>('pos.catalog', { search: '%' });
    expect(literal.products).toEqual([]);
  });

  it('pos.orders lists recent sales with their items, and finds one by receipt number', async () => {
    const sale = resultOf<{ orderId: string; receiptNumber: string }>(
      await studio.run('pos.sale', {
        lines: [{ kind: 'product', productId: studio.products.water, quantity: 2, unitPrice: 300 }],
        tenders: [{ method: 'external', amount: 600, reference: 'venmo 42' }],
      }),
    );
    const orders = await studio.query<{ orderId: string; total: number; items: unknown[] }[]>(
      'pos.orders',
      { receiptNumber: sale.receiptNumber },
    );
    expect(orders).toEqual([
      expect.objectContaining({
        orderId: sale.orderId,
        total: 600,
        items: [
          expect.objectContaining({ description: 'Water', quantity: 2, refundedQuantity: 0 }),
        ],
      }),
    ]);
  });

  it('member.profile shows packs, bookings, notes, waivers and progress', async () => {
    const sold = resultOf<{ packIds: string[] }>(
      await studio.run('pack.sell', {
        memberId: studio.memberId,
        packDefinitionId: studio.packDefinitionId,
        unitPrice: 6000,
        tenders: [{ method: 'external', amount: 6000, reference: 'transfer' }],
      }),
    );
    await studio.run('booking.book', {
      classId: studio.classId,
      memberId: studio.memberId,
      paidBy: { method: 'pack', packId: sold.packIds[0] },
    });
    await studio.run('note.add', { memberId: studio.memberId, note: 'Knee injury', isAlert: true });
    const metricId = crypto.randomUUID();
    await studio.db
      .insertInto('progress_metric_definitions')
      .values({
        id: metricId,
        tenant_id: studio.tenantId,
        name: 'Classes attended',
        category: 'attendance',
        unit: 'classes',
        icon: null,
        aggregation: 'count',
        visible_to_students: 1,
        active: 1,
        display_order: 1,
      })
      .execute();
    await studio.db
      .insertInto('member_progress_entries')
      .values({
        id: crypto.randomUUID(),
        tenant_id: studio.tenantId,
        member_id: studio.memberId,
        metric_definition_id: metricId,
        value: 12,
        recorded_at: NOW,
        source: 'manual',
        metadata: '{}',
      })
      .execute();
    const profile = await studio.query<{
      firstName: string;
      packCredits: number;
      allPacks: { remainingCredits: number; usable: boolean }[];
      upcomingBookings: { classId: string; startTime: string; paidBy: string }[];
      notes: { note: string; isAlert: boolean; authorName: string | null }[];
      waiverDocuments: {
        title: string;
        body: string;
        required: boolean;
        signedAt: string | null;
      }[];
      progress: { metric: string; value: number; unit: string }[];
    }>('member.profile', { memberId: studio.memberId, at: NOW });
    expect(profile.firstName).toBe('Maya');
    expect(profile.packCredits).toBe(4);
    expect(profile.allPacks).toEqual([
      expect.objectContaining({ remainingCredits: 4, usable: true }),
    ]);
    expect(profile.upcomingBookings).toEqual([
      expect.objectContaining({ classId: studio.classId, startTime: CLASS_START, paidBy: 'pack' }),
    ]);
    expect(profile.notes).toEqual([
      expect.objectContaining({ note: 'Knee injury', isAlert: true, authorName: 'Frida Tester' }),
    ]);
    expect(profile.waiverDocuments).toEqual([
      {
        templateId: studio.waiverTemplateId,
        title: 'Liability waiver',
        body: 'I accept the risks.',
        required: true,
        signedAt: null,
      },
    ]);
    expect(profile.progress).toEqual([
      expect.objectContaining({ metric: 'Classes attended', value: 12, unit: 'classes' }),
    ]);
  });
});
