import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { studioClock } from '../../src-renderer/desk/studio-time';
import { describeFindings, seriousAxeFindings } from './support/axe-check';
import {
  findDemoFixtures,
  startFixtureClassNow,
  type DemoFixtures,
  type FixtureMember,
} from './support/demo-fixtures';
import {
  hostCall,
  hostQuery,
  openDemoSession,
  openScreen,
  screenshot,
  type E2eDesk,
} from './support/e2e-harness';

interface OwedFees {
  readonly fees: readonly { feeId: string; kind: string; amount: number }[];
}
interface RosterEntry {
  readonly bookingId: string;
  readonly memberId: string;
  readonly status: string;
  readonly paidBy: string | null;
}
interface Roster {
  readonly confirmed: number;
  readonly entries: readonly RosterEntry[];
}
interface BookingOptions {
  readonly options: readonly { method: string; subscriptionId?: string }[];
}

interface DayAppointment {
  readonly appointmentId: string;
  readonly memberName: string;
  readonly serviceTitle: string;
  readonly startTime: string;
  readonly status: string;
  readonly price: number | null;
  readonly paid: boolean;
}

const LATE_CANCEL_FEE = 1500;
const NO_SHOW_FEE = 2000;

/**
 * Issue 18 at the front desk, on the demo studio: a member booked ahead with a pack from the
 * member page, the booking cancelled late (the fee said before, owed after), the fee paid in
 * cash at Sell, a no-show marked on a started class's roster, a waitlisted member given the
 * freed place with a payment. Each step is checked in the desk's own rows as well.
 */
describe('issue 18: booking ahead, fees, no-shows and the waitlist at the desk', () => {
  let desk: E2eDesk;
  let browser: Browser;
  let page: Page;
  let fixtures: DemoFixtures;
  let walkIn: FixtureMember;

  beforeAll(async () => {
    ({ desk, browser, page } = await openDemoSession('owner', { width: 1366, height: 768 }));
    fixtures = findDemoFixtures(desk.dataDir, Date.now());
    walkIn = fixtures.walkIn;
    await mutate('studio.updateSettings', {
      lateCancelHours: 12,
      lateCancelFee: LATE_CANCEL_FEE,
      noShowFee: NO_SHOW_FEE,
    });
    await mutate('drawer.open', { openingFloat: 10_000 });
    // The walk-in buys a pack to book with (set-up: a sale paid outside the desk).
    const catalog = await hostQuery<{ packs: { packDefinitionId: string; price: number }[] }>(
      desk.desk,
      'pos.catalog',
      {},
    );
    const pack = catalog.packs[0];
    if (!pack) throw new Error('the demo studio sells a class pack');
    const quote = await hostQuery<{ total: number }>(desk.desk, 'pos.quote', {
      lines: [{ kind: 'class_pack', packDefinitionId: pack.packDefinitionId }],
    });
    await mutate('pack.sell', {
      memberId: walkIn.memberId,
      packDefinitionId: pack.packDefinitionId,
      unitPrice: pack.price,
      tenders: [{ method: 'external', amount: quote.total, reference: 'e2e set-up' }],
    });
  }, 330_000);
  afterAll(async () => {
    await browser.close();
    await desk.close();
  });

  const mutate = (name: string, args: unknown) =>
    hostCall<unknown>(desk.desk, 'desk.mutate', { name, args });
  const owed = (memberId: string) => hostQuery<OwedFees>(desk.desk, 'memberFee.owed', { memberId });
  /** A priced service given by an instructor all week here, booked tomorrow for the walk-in. */
  const bookPricedAppointment = async (today: string, locationId: string) => {
    const services = await hostQuery<{ serviceId: string; price: number; active: boolean }[]>(
      desk.desk,
      'appointment.services',
      {},
    );
    const service = services.find((s) => s.active && s.price > 0);
    const staff = await hostQuery<{ memberId: string; roles: string[] }[]>(
      desk.desk,
      'staff.list',
      {},
    );
    const giver = staff.find((m) => m.roles.includes('instructor')) ?? staff[0];
    if (!service || !giver) return null;
    await mutate('appointmentService.setStaff', {
      serviceId: service.serviceId,
      staffIds: [giver.memberId],
    });
    await mutate('staffAvailability.set', {
      staffId: giver.memberId,
      locationId,
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 })),
    });
    const date = addDays(today, 1);
    const free = await hostQuery<{ staff: { staffId: string; slots: { startTime: string }[] }[] }>(
      desk.desk,
      'appointment.freeSlots',
      { serviceId: service.serviceId, locationId, date },
    );
    const slot = free.staff.find((g) => g.staffId === giver.memberId)?.slots[20];
    if (!slot) return null;
    await mutate('appointment.book', {
      memberId: walkIn.memberId,
      serviceId: service.serviceId,
      staffId: giver.memberId,
      locationId,
      startTime: slot.startTime,
    });
    const rows = await hostQuery<DayAppointment[]>(desk.desk, 'appointment.day', {
      date,
      locationId,
    });
    const row = rows.find((r) => !r.paid && r.startTime === slot.startTime);
    return row ? { date, row } : null;
  };
  const roster = (classId: string) => hostQuery<Roster>(desk.desk, 'class.roster', { classId });
  const openMember = async (who: FixtureMember) => {
    await openScreen(page, 'Member');
    await page.getByRole('combobox', { name: 'Find a member' }).fill(who.email);
    await page.getByRole('option', { name: new RegExp(`^${escape(who.name)}`) }).click();
    const article = page.getByRole('article', { name: who.name });
    await visible(article);
    return article;
  };
  const fees = () => page.getByRole('region', { name: 'Fees owed' });

  it('books a member ahead with a pack from the member page, and cancels late with the fee said first', async () => {
    const { klass } = fixtures;
    // Three hours from now: inside the 12-hour late-cancel window.
    const startTime = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3 * 3_600_000);
    await mutate('class.update', { classId: klass.classId, startTime: startTime.toISOString() });
    const clock = studioClock(klass.timeZone);
    const article = await openMember(walkIn);

    await page.getByRole('button', { name: 'Book a class' }).click();
    const dialog = page.getByRole('dialog', { name: `Book a class for ${walkIn.name}` });
    await dialog.getByLabel('Day', { exact: true }).fill(clock.day(startTime));
    await dialog
      .getByRole('button', {
        name: new RegExp(`^${escape(clock.time(startTime.toISOString()))} ${escape(klass.title)}`),
      })
      .click();
    const packChoice = dialog.getByRole('radio', { name: /^Class pack, \d+ credits? left/ });
    await visible(packChoice);
    // The member's own pack comes first: the studio's preferred way to pay.
    expect(await packChoice.isChecked()).toBe(true);
    await screenshot(page, 'book-ahead-dialog');
    const findings = await seriousAxeFindings(page, 'Book a class');
    expect(findings, describeFindings(findings)).toEqual([]);
    await dialog.getByRole('button', { name: `Book ${klass.title}` }).click();
    await visible(
      page.getByRole('status').filter({ hasText: `${walkIn.name} is booked into ${klass.title}` }),
    );
    const bookings = article.getByRole('region', { name: 'Bookings' });
    const row = bookings.getByRole('row').filter({ hasText: klass.title }).first();
    await visible(row.getByText('Pack credit'));
    const profile = await hostQuery<{
      upcomingBookings: { classId: string; status: string; paidBy: string | null }[];
    }>(desk.desk, 'member.profile', { memberId: walkIn.memberId, at: new Date().toISOString() });
    expect(profile.upcomingBookings.find((b) => b.classId === klass.classId)).toMatchObject({
      status: 'confirmed',
      paidBy: 'pack',
    });

    await row.getByRole('button', { name: new RegExp(`^Cancel ${escape(klass.title)}, `) }).click();
    const question = row.getByRole('alertdialog');
    await visible(
      question.getByText(
        /late cancel \(less than 12 hours before the class\): a late-cancel fee of \$15\.00 will be owed, and the pack credit is not given back/,
      ),
    );
    await question.getByRole('button', { name: 'Yes, cancel booking' }).click();
    await visible(fees().getByRole('heading', { name: 'Fees owed: $15.00' }));
    await visible(fees().getByText(new RegExp(`^Late cancel fee: ${escape(klass.title)}, `)));
    expect((await owed(walkIn.memberId)).fees).toMatchObject([
      { kind: 'late_cancel', amount: LATE_CANCEL_FEE },
    ]);
    await screenshot(page, 'member-fees-owed');
  });

  it('collects the fee at Sell in cash, and it is owed no more', async () => {
    await fees()
      .getByRole('button', { name: /^Collect at Sell: Late cancel fee/ })
      .click();
    // The desk shows Sell at once, with the fee on its cart for the member who owes it.
    const sell = page.getByRole('region', { name: 'Sell' });
    await visible(sell.getByRole('table', { name: 'Cart' }).getByText(/^Late cancel fee: /));
    await visible(sell.getByText(`Member: ${walkIn.name}`));
    await payExactCash(sell);
    expect((await owed(walkIn.memberId)).fees).toEqual([]);
    await openScreen(page, 'Member');
    await visible(fees().getByText('Nothing is owed.'));
  });

  it('waitlists a member with a payment, marks a no-show on the started class and promotes into the freed place', async () => {
    const klass = await startFixtureClassNow(desk.desk, fixtures.klass);
    const [noShow, waiting] = fixtures.subscribers;
    if (!noShow || !waiting) throw new Error('the demo studio has two subscribers');
    const options = await hostQuery<BookingOptions>(desk.desk, 'booking.options', {
      memberId: noShow.memberId,
      classId: klass.classId,
      at: new Date().toISOString(),
    });
    const subscriptionId = options.options.find((o) => o.method === 'subscription')?.subscriptionId;
    await mutate('booking.book', {
      classId: klass.classId,
      memberId: noShow.memberId,
      paidBy: { method: 'subscription', subscriptionId },
    });
    // Full: as many places as are taken.
    await mutate('class.update', {
      classId: klass.classId,
      capacity: (await roster(klass.classId)).confirmed,
    });
    await openScreen(page, 'Today');
    await page.getByLabel('Day', { exact: true }).fill(klass.localDate);
    await page
      .getByRole('region', { name: klass.locationName })
      .getByRole('button', {
        name: new RegExp(`^${escape(klass.localTime)} ${escape(klass.title)} \\d+/`),
      })
      .click();

    // Today's waitlist asks how the place will be paid, instead of booking it free.
    await page.getByRole('combobox', { name: 'Check in a member' }).fill(waiting.name);
    await page.getByRole('option', { name: new RegExp(escape(waiting.email)) }).click();
    await page.getByRole('button', { name: `Add ${waiting.name} to the waitlist` }).click();
    const waitDialog = page.getByRole('dialog', {
      name: `Waitlist ${waiting.name} for ${klass.title}`,
    });
    expect(await waitDialog.getByRole('radio', { name: /^Membership/ }).isChecked()).toBe(true);
    await waitDialog.getByRole('button', { name: 'Add to the waitlist' }).click();
    await visible(page.getByRole('status').filter({ hasText: `${waiting.name}: waitlisted #1` }));
    const waitlisted = (await roster(klass.classId)).entries.find(
      (e) => e.memberId === waiting.memberId,
    );
    expect(waitlisted).toMatchObject({ status: 'waitlisted', paidBy: 'subscription' });

    const rosterRegion = page.getByRole('region', { name: 'Roster' });
    await rosterRegion.getByRole('button', { name: `No-show ${noShow.name}` }).click();
    const ask = rosterRegion.getByRole('alertdialog', { name: `Mark ${noShow.name} a no-show?` });
    await visible(ask.getByText('A no-show fee of $20.00 will be owed.', { exact: false }));
    await screenshot(page, 'roster-no-show');
    await ask.getByRole('button', { name: 'Yes, no-show' }).click();
    await visible(
      rosterRegion
        .getByRole('status')
        .filter({ hasText: `${noShow.name} is marked a no-show: a fee of $20.00 is owed.` }),
    );
    expect((await owed(noShow.memberId)).fees).toMatchObject([
      { kind: 'no_show', amount: NO_SHOW_FEE },
    ]);

    // The no-show freed a place: the waitlisted member is given it, paying by membership.
    await rosterRegion.getByRole('button', { name: `Promote ${waiting.name}` }).click();
    const promote = page.getByRole('dialog', {
      name: `Give ${waiting.name} a place in ${klass.title}`,
    });
    expect(await promote.getByRole('radio', { name: /^Membership/ }).isChecked()).toBe(true);
    // A free place can also be sold as a drop-in; the membership is chosen here.
    expect(await promote.getByRole('radio', { name: /^Drop-in, .* sold now$/ }).count()).toBe(1);
    await promote.getByRole('button', { name: 'Promote' }).click();
    await visible(
      rosterRegion
        .getByRole('status')
        .filter({ hasText: `${waiting.name} has a place in ${klass.title} (membership).` }),
    );
    const promoted = (await roster(klass.classId)).entries.find(
      (e) => e.memberId === waiting.memberId,
    );
    expect(promoted).toMatchObject({ status: 'confirmed', paidBy: 'subscription' });
  });

  it('waives the no-show fee with a reason, as the owner', async () => {
    const noShow = fixtures.subscribers[0];
    if (!noShow) throw new Error('the demo studio has a subscriber');
    await openMember(noShow);
    await fees()
      .getByRole('button', { name: /^Waive No-show fee: / })
      .click();
    const waive = fees().getByRole('group', { name: /^Waive No-show fee: / });
    await waive.getByRole('button', { name: 'Waive fee' }).click();
    // Without a reason nothing is waived, and staff are told why.
    await visible(fees().getByRole('alert').filter({ hasText: 'Give the reason for waiving' }));
    expect((await owed(noShow.memberId)).fees).toHaveLength(1);
    await waive.getByLabel('Reason for waiving').fill('Family emergency');
    await waive.getByRole('button', { name: 'Waive fee' }).click();
    await visible(fees().getByRole('status').filter({ hasText: 'is waived.' }));
    expect((await owed(noShow.memberId)).fees).toEqual([]);
    await visible(fees().getByText('Nothing is owed.'));
  });

  it('pays an appointment at Sell, and the appointment then shows as paid', async () => {
    const { klass } = fixtures;
    const clock = studioClock(klass.timeZone);
    const today = clock.day(new Date());
    // A demo appointment at this desk's location, soonest first, still to be paid.
    const unpaidSoon = async () => {
      for (let days = 0; days < 30; days++) {
        const date = addDays(today, days);
        const rows = await hostQuery<DayAppointment[]>(desk.desk, 'appointment.day', {
          date,
          locationId: klass.locationId,
        });
        const row = rows.find((r) => !r.paid && r.status !== 'cancelled' && (r.price ?? 0) > 0);
        if (row) return { date, row };
      }
      return null;
    };
    // The demo's appointments fall at random around the time it is made: when none unpaid is
    // left at this location, the test books one itself, as the desk would.
    const found = (await unpaidSoon()) ?? (await bookPricedAppointment(today, klass.locationId));
    if (!found) throw new Error('no unpaid appointment could be found or booked');
    const { date, row } = found;
    await openScreen(page, 'Appointments');
    const screen = page.getByRole('region', { name: 'Appointments', exact: true });
    await screen.getByLabel('Day', { exact: true }).fill(date);
    await screen
      .getByRole('button', {
        name: new RegExp(
          `^Pay at Sell: ${escape(row.memberName)}’s ${escape(row.serviceTitle)} at ${escape(clock.time(row.startTime))}`,
        ),
      })
      .click();
    // The desk shows Sell at once, with the appointment on its cart.
    const sell = page.getByRole('region', { name: 'Sell' });
    await visible(
      sell
        .getByRole('table', { name: 'Cart' })
        .getByText(new RegExp(`^${escape(row.serviceTitle)}, `)),
    );
    await visible(sell.getByText(`Member: ${row.memberName}`));
    await payExactCash(sell);
    const after = await hostQuery<DayAppointment[]>(desk.desk, 'appointment.day', {
      date,
      locationId: klass.locationId,
    });
    expect(after.find((r) => r.appointmentId === row.appointmentId)?.paid).toBe(true);
    await openScreen(page, 'Appointments');
    const paidRow = screen
      .getByRole('row')
      .filter({ hasText: clock.time(row.startTime) })
      .filter({
        hasText: row.memberName,
      });
    await visible(paidRow.getByText('Paid', { exact: true }));
    expect(await paidRow.getByRole('button', { name: /^Pay at Sell/ }).count()).toBe(0);
  });

  /** Takes the exact amount in cash and completes the sale on screen. */
  async function payExactCash(sell: Locator): Promise<void> {
    const payment = sell.getByRole('region', { name: 'Payment' });
    await payment.getByRole('button', { name: /^Exact / }).click();
    await payment.getByRole('button', { name: 'Complete sale' }).click();
    await visible(sell.getByRole('button', { name: 'New sale' }));
  }
});

async function visible(locator: Locator, timeout = 20_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/** A calendar date moved by whole days, read in UTC so no zone shifts it. */
function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

function escape(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
