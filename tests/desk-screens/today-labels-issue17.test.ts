import { describe, expect, it } from 'vitest';
import { scanTarget } from '../../src-renderer/desk/check-in';
import {
  bookingPaymentLabel,
  bookingStatusLabel,
  classStatusLabel,
  deskStatusLabel,
  giftCardEntryLabel,
  staffRoleLabel,
  subscriptionStatusLabel,
} from '../../src-renderer/desk/status-labels';
import { formatClassTime } from '../../src-renderer/screens/console/class-times';

describe('issue 17 item 8: words for codes', () => {
  it('says what each code means', () => {
    expect(subscriptionStatusLabel('past_due')).toBe('Past due');
    expect(bookingStatusLabel('no_show')).toBe('No-show');
    expect(bookingStatusLabel('late_cancelled')).toBe('Late cancel');
    expect(bookingStatusLabel('confirmed')).toBe('Booked');
    expect(staffRoleLabel('front_desk')).toBe('Front desk');
    expect(bookingPaymentLabel('drop_in')).toBe('Drop-in');
    expect(bookingPaymentLabel('subscription')).toBe('Membership');
    expect(bookingPaymentLabel(null)).toBe('—');
    expect(classStatusLabel('cancelled')).toBe('Cancelled');
    expect(giftCardEntryLabel('redeem')).toBe('Spent');
    expect(deskStatusLabel('revoked')).toBe('Revoked');
  });

  it('never shows a code a newer studio sends with its underscores', () => {
    expect(bookingStatusLabel('pending_review')).toBe('pending review');
  });

  it('shows a class start on the 12-hour clock of its location', () => {
    expect(formatClassTime('2026-12-08T01:30:00.000Z', 'America/Denver')).toBe(
      'Mon, Dec 7, 6:30 PM',
    );
    expect(formatClassTime('2026-12-07T13:05:00.000Z', 'America/Denver')).toBe(
      'Mon, Dec 7, 6:05 AM',
    );
  });
});

describe('issue 17 item 4: the class a scanned card checks into', () => {
  const at = (hhmm: string) => `2026-12-04T${hhmm}:00.000Z`;
  const classes = [
    { classId: 'six', startTime: at('06:00'), status: 'scheduled' },
    { classId: 'seven', startTime: at('07:15'), status: 'scheduled' },
    { classId: 'cancelled', startTime: at('07:00'), status: 'cancelled' },
    { classId: 'noon', startTime: at('12:00'), status: 'scheduled' },
  ];
  const window = { opensMinutes: 60, closesMinutes: 15 };
  const target = (hhmm: string) => scanTarget(classes, Date.parse(at(hhmm)), window)?.classId;

  it('takes the open class starting nearest to now', () => {
    expect(target('05:10')).toBe('six');
    expect(target('06:10')).toBe('six');
    // 6:40: the 6:00 class closed at 6:15; the 7:15 one is open.
    expect(target('06:40')).toBe('seven');
    // 7:20: only the 7:15 class is open; the cancelled one never counts.
    expect(target('07:20')).toBe('seven');
  });

  it('takes the next class when none is open, and none after the last', () => {
    expect(target('04:30')).toBe('six');
    expect(target('08:00')).toBe('noon');
    expect(target('13:00')).toBeUndefined();
  });
});
