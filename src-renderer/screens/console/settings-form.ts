import type { MutationArgs, QueryResult } from '../../../src-shared/bridge/desk-operations';
import { centsToInput, parseMoney } from '../../desk/money';
import type { FieldErrors } from './console-refusals';
import {
  basisPointsToPercent,
  isTimeZoneName,
  parseWhole,
  percentToBasisPoints,
} from './console-input';

export const SETTINGS_FIELDS = [
  'name',
  'timeZone',
  'currency',
  'taxRetail',
  'taxServices',
  'taxPacks',
  'lateCancelHours',
  'lateCancelFee',
  'noShowFee',
  'bookingWindowDays',
  'checkInOpensMinutes',
  'checkInClosesMinutes',
  'receiptHeader',
  'receiptFooter',
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
/** The settings form's text, one entry per field. */
export type SettingsText = Readonly<Record<SettingsField, string>>;

type Settings = QueryResult<'studio.settings'>;
type Update = MutationArgs<'studio.updateSettings'>;

export function settingsText(s: Settings): SettingsText {
  return {
    name: s.studioName,
    timeZone: s.timeZone ?? '',
    currency: s.currency,
    taxRetail: basisPointsToPercent(s.taxRates.retail),
    taxServices: basisPointsToPercent(s.taxRates.services),
    taxPacks: basisPointsToPercent(s.taxRates.packs),
    lateCancelHours: String(s.lateCancelHours),
    lateCancelFee: centsToInput(s.lateCancelFee),
    noShowFee: centsToInput(s.noShowFee),
    bookingWindowDays: String(s.bookingWindowDays),
    checkInOpensMinutes: String(s.checkInOpensMinutes),
    checkInClosesMinutes: String(s.checkInClosesMinutes),
    receiptHeader: s.receiptHeader ?? '',
    receiptFooter: s.receiptFooter ?? '',
  };
}

/** Which form field an argument path of studio.updateSettings is about. */
export function settingsFieldOf(path: string): SettingsField | null {
  const tax: Record<string, SettingsField> = {
    'taxRates.retail': 'taxRetail',
    'taxRates.services': 'taxServices',
    'taxRates.packs': 'taxPacks',
  };
  return tax[path] ?? SETTINGS_FIELDS.find((f) => f === path) ?? null;
}

const WHOLE: Partial<Record<SettingsField, readonly [number, number]>> = {
  lateCancelHours: [0, 720],
  bookingWindowDays: [0, 365],
  checkInOpensMinutes: [0, 1440],
  checkInClosesMinutes: [0, 1440],
};

export function checkSettings(t: SettingsText): FieldErrors<SettingsField> {
  const errors: FieldErrors<SettingsField> = {};
  if (t.name.trim() === '') errors.name = 'Enter the studio’s name.';
  if (t.timeZone.trim() !== '' && !isTimeZoneName(t.timeZone)) {
    errors.timeZone = 'Enter a time zone such as America/Chicago.';
  }
  if (!/^[A-Z]{3}$/.test(t.currency.trim())) errors.currency = 'Three capital letters, e.g. USD.';
  for (const f of ['taxRetail', 'taxServices', 'taxPacks'] as const) {
    if (percentToBasisPoints(t[f]) === null) errors[f] = 'A percent from 0 to 100, e.g. 8.25.';
  }
  for (const f of ['lateCancelFee', 'noShowFee'] as const) {
    if (parseMoney(t[f]) === null) errors[f] = 'An amount such as 10.00.';
  }
  for (const [f, range] of Object.entries(WHOLE) as [SettingsField, readonly [number, number]][]) {
    if (parseWhole(t[f], range[0], range[1]) === null) {
      errors[f] = `A whole number from ${range[0]} to ${range[1]}.`;
    }
  }
  return errors;
}

/**
 * Only the settings changed since the form was filled: another desk's change to another
 * setting, made meanwhile, stands. Null when nothing changed. Call after checkSettings.
 */
export function settingsUpdate(base: SettingsText, t: SettingsText): Update | null {
  const changed = (f: SettingsField) => base[f].trim() !== t[f].trim();
  const whole = (f: SettingsField) => parseWhole(t[f], 0, 1440) ?? 0;
  const money = (f: SettingsField) => parseMoney(t[f]) ?? 0;
  const percent = (f: SettingsField) => percentToBasisPoints(t[f]) ?? 0;
  const taxChanged = changed('taxRetail') || changed('taxServices') || changed('taxPacks');
  const update: Update = {
    ...(changed('name') ? { name: t.name.trim() } : {}),
    ...(changed('timeZone') && t.timeZone.trim() !== '' ? { timeZone: t.timeZone.trim() } : {}),
    ...(changed('currency') ? { currency: t.currency.trim() } : {}),
    ...(taxChanged
      ? {
          taxRates: {
            retail: percent('taxRetail'),
            services: percent('taxServices'),
            packs: percent('taxPacks'),
          },
        }
      : {}),
    ...(changed('lateCancelHours') ? { lateCancelHours: whole('lateCancelHours') } : {}),
    ...(changed('lateCancelFee') ? { lateCancelFee: money('lateCancelFee') } : {}),
    ...(changed('noShowFee') ? { noShowFee: money('noShowFee') } : {}),
    ...(changed('bookingWindowDays') ? { bookingWindowDays: whole('bookingWindowDays') } : {}),
    ...(changed('checkInOpensMinutes')
      ? { checkInOpensMinutes: whole('checkInOpensMinutes') }
      : {}),
    ...(changed('checkInClosesMinutes')
      ? { checkInClosesMinutes: whole('checkInClosesMinutes') }
      : {}),
    ...(changed('receiptHeader') ? { receiptHeader: t.receiptHeader.trim() || null } : {}),
    ...(changed('receiptFooter') ? { receiptFooter: t.receiptFooter.trim() || null } : {}),
  };
  return Object.keys(update).length > 0 ? update : null;
}
