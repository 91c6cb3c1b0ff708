import { dayOf, endOfDay, startOfDay } from '../../src-renderer/screens/console/coupon-dates';
import { describe, expect, it } from 'vitest';
import { DeskBridgeError } from '../../src-shared/bridge/desk-bridge';
import { parseMoney } from '../../src-renderer/desk/money';
import {
  utcToWallClock,
  wallClockToUtc,
  studioWeek,
} from '../../src-renderer/screens/console/class-times';
import {
  basisPointsToPercent,
  editOf,
  parseOptionalWhole,
  parseWhole,
  percentToBasisPoints,
} from '../../src-renderer/screens/console/console-input';
import { fieldErrorsOf, lastSegmentIn } from '../../src-renderer/screens/console/console-refusals';
import {
  checkSettings,
  settingsFieldOf,
  settingsUpdate,
  type SettingsText,
} from '../../src-renderer/screens/console/settings-form';

describe('the console reads what staff type', () => {
  it('turns a percent into basis points and back', () => {
    expect(percentToBasisPoints('8.25')).toBe(825);
    expect(percentToBasisPoints('8,5')).toBe(850);
    expect(percentToBasisPoints('0')).toBe(0);
    expect(percentToBasisPoints('100')).toBe(10_000);
    expect(percentToBasisPoints(' 7 % ')).toBe(700);
    for (const bad of ['', '100.01', '8.255', '-1', 'eight', '101']) {
      expect(percentToBasisPoints(bad)).toBeNull();
    }
    expect(basisPointsToPercent(825)).toBe('8.25');
    expect(basisPointsToPercent(800)).toBe('8');
    expect(basisPointsToPercent(850)).toBe('8.5');
    expect(basisPointsToPercent(5)).toBe('0.05');
    for (const points of [0, 1, 99, 100, 825, 1234, 10_000]) {
      expect(percentToBasisPoints(basisPointsToPercent(points))).toBe(points);
    }
  });

  it('reads money as integer minor units, never floats', () => {
    expect(parseMoney('12.5')).toBe(1250);
    expect(parseMoney('0.07')).toBe(7);
    expect(parseMoney('19.99')).toBe(1999);
    expect(parseMoney('12.345')).toBeNull();
    expect(parseMoney('-1')).toBeNull();
  });

  it('reads whole numbers within bounds, empty as none', () => {
    expect(parseWhole('12', 1, 20)).toBe(12);
    expect(parseWhole('-3', -5, 5)).toBe(-3);
    expect(parseWhole('21', 1, 20)).toBeNull();
    expect(parseWhole('1.5', 0, 5)).toBeNull();
    expect(parseOptionalWhole('', 1, 5)).toBeNull();
    expect(parseOptionalWhole('x', 1, 5)).toBeUndefined();
    expect(parseOptionalWhole('4', 1, 5)).toBe(4);
  });

  it('sends an edit as the fields changed, each with the value it was opened with', () => {
    const before = { name: 'Grip socks', price: 1200, sku: null, taxable: true };
    expect(editOf(before, { ...before })).toBeNull();
    expect(editOf(before, { ...before, price: 1400 })).toEqual({
      set: { price: 1400 },
      basedOn: { price: 1200 },
    });
    const discount = editOf(
      { discount: { type: 'percent', value: 10 } },
      { discount: { type: 'percent', value: 15 } },
    );
    expect(discount?.basedOn).toEqual({ discount: { type: 'percent', value: 10 } });
  });
});

describe('the desk’s refusal of bad input, field by field', () => {
  const fieldOf = lastSegmentIn(['name', 'price'] as const);

  it('puts each message next to the field it is about', () => {
    const refusal = new DeskBridgeError(
      'invalid',
      'product.update: set.price: Too big: expected number to be <=100000000; name: Too small',
    );
    expect(fieldErrorsOf(refusal, fieldOf)).toEqual({
      price: 'Too big: expected number to be <=100000000',
      name: 'Too small',
    });
  });

  it('keeps a refusal that is not about the form’s fields as one error', () => {
    expect(
      fieldErrorsOf(new DeskBridgeError('invalid', 'another coupon has the code X'), fieldOf),
    ).toBeNull();
    expect(fieldErrorsOf(new DeskBridgeError('forbidden', 'name: no'), fieldOf)).toBeNull();
    expect(fieldErrorsOf(new Error('name: no'), fieldOf)).toBeNull();
  });

  it('maps the settings’ tax rates to their fields', () => {
    expect(settingsFieldOf('taxRates.packs')).toBe('taxPacks');
    expect(settingsFieldOf('currency')).toBe('currency');
    expect(settingsFieldOf('waitlistAutoPromote')).toBeNull();
  });
});

describe('the settings form', () => {
  const base: SettingsText = {
    name: 'Studio',
    timeZone: 'America/Chicago',
    currency: 'USD',
    taxRetail: '8.25',
    taxServices: '0',
    taxPacks: '0',
    lateCancelHours: '12',
    lateCancelFee: '0.00',
    noShowFee: '0.00',
    bookingWindowDays: '30',
    checkInOpensMinutes: '60',
    checkInClosesMinutes: '15',
    receiptHeader: '',
    receiptFooter: 'Thanks!',
  };

  it('sends only what changed, tax rates in basis points', () => {
    expect(settingsUpdate(base, base)).toBeNull();
    expect(
      settingsUpdate(base, { ...base, taxPacks: '5', noShowFee: '10', receiptFooter: '' }),
    ).toEqual({
      taxRates: { retail: 825, services: 0, packs: 500 },
      noShowFee: 1000,
      receiptFooter: null,
    });
  });

  it('refuses what the desk would refuse, before sending', () => {
    expect(checkSettings(base)).toEqual({});
    expect(
      Object.keys(
        checkSettings({
          ...base,
          timeZone: 'Mars/Base',
          taxRetail: '101',
          bookingWindowDays: '400',
          currency: 'usd',
        }),
      ).sort(),
    ).toEqual(['bookingWindowDays', 'currency', 'taxRetail', 'timeZone']);
  });
});

describe('a class’s start, at its location', () => {
  it('is typed on the location’s wall clock and sent in UTC', () => {
    expect(wallClockToUtc('2026-12-07T18:30', 'America/Chicago')).toBe('2026-12-08T00:30:00.000Z');
    expect(wallClockToUtc('2026-07-07T18:30', 'Europe/Berlin')).toBe('2026-07-07T16:30:00.000Z');
    expect(wallClockToUtc('2026-12-07', 'UTC')).toBeNull();
    expect(utcToWallClock('2026-12-08T00:30:00.000Z', 'America/Chicago')).toBe('2026-12-07T18:30');
  });

  it('round-trips across a clock change', () => {
    // The day the US leaves summer time: 08:00 exists once.
    const utc = wallClockToUtc('2026-11-01T08:00', 'America/New_York');
    expect(utc).toBe('2026-11-01T13:00:00.000Z');
    expect(utcToWallClock(utc ?? '', 'America/New_York')).toBe('2026-11-01T08:00');
  });

  it('weeks start on Monday on the studio’s calendar, whatever zone the computer is in', () => {
    // Thursday Dec 3, 15:00 UTC: Thursday in Denver too, Monday Nov 30 starts the week there.
    const denver = studioWeek(new Date('2026-12-03T15:00:00Z'), 'America/Denver');
    expect(denver).toEqual({
      monday: '2026-11-30',
      from: '2026-11-30T07:00:00.000Z',
      to: '2026-12-07T07:00:00.000Z',
    });
    // Monday 03:00 UTC is still Sunday evening in Denver: the week before.
    expect(studioWeek(new Date('2026-12-07T03:00:00Z'), 'America/Denver').monday).toBe(
      '2026-11-30',
    );
    expect(studioWeek(new Date('2026-12-07T03:00:00Z'), 'Asia/Tokyo', 1).monday).toBe('2026-12-14');
  });

  it('reads a coupon’s first and last day on the studio’s calendar', () => {
    expect(startOfDay('2026-12-24', 'America/Denver')).toBe('2026-12-24T07:00:00.000Z');
    expect(endOfDay('2026-12-24', 'America/Denver')).toBe('2026-12-25T07:00:00.000Z');
    expect(dayOf('2026-12-25T07:00:00.000Z', 'America/Denver', true)).toBe('2026-12-24');
    expect(dayOf('2026-12-24T07:00:00.000Z', 'America/Denver')).toBe('2026-12-24');
    expect(startOfDay('2026-13-40', 'America/Denver')).toBeNull();
    expect(endOfDay('Dec 24', 'America/Denver')).toBeNull();
    expect(dayOf(null, 'America/Denver')).toBe('');
  });
});
