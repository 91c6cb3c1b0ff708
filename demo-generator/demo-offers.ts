// What a studio sells and sets up, common to every kind of studio. Prices in cents, before
// the studio profile's price factor.

import type { Database } from '../src-shared/schema/catalog';

type PlanInterval = Database['membership_plans']['interval'];
type CouponType = Database['coupons']['type'];

export interface MembershipPlanSpec {
  readonly name: string;
  readonly price: number;
  readonly interval: PlanInterval;
  readonly vodEnabled: boolean;
  /** Classes per interval; null is unlimited. */
  readonly classLimit: number | null;
  readonly active: boolean;
  /** How often new members choose it; 0 for plans nobody joins any more. */
  readonly popularity: number;
}

export const MEMBERSHIP_PLANS: readonly MembershipPlanSpec[] = [
  plan('Unlimited Monthly', 16900, 'month', true, null, 40),
  plan('8 Classes a Month', 12900, 'month', false, 8, 22),
  plan('4 Classes a Month', 8500, 'month', false, 4, 14),
  plan('Annual Unlimited', 169000, 'year', true, null, 8),
  plan('Student Unlimited', 11900, 'month', false, null, 10),
  plan('Intro Week Unlimited', 3900, 'week', false, null, 0),
  plan('Summer Pass (30 days)', 14900, 'one_time', false, null, 0, false),
  plan('Founding Member Unlimited', 9900, 'month', true, null, 0, false),
];

/** Index of the plan new members start on while trialing. */
export const INTRO_PLAN_INDEX = 5;

function plan(
  name: string,
  price: number,
  interval: PlanInterval,
  vodEnabled: boolean,
  classLimit: number | null,
  popularity: number,
  active = true,
): MembershipPlanSpec {
  return { name, price, interval, vodEnabled, classLimit, active, popularity };
}

export interface PackSpec {
  readonly name: string;
  readonly credits: number;
  readonly price: number;
  readonly validityDays: number | null;
  readonly active: boolean;
  /** How often a member buying a pack chooses this one. */
  readonly popularity: number;
}

export const CLASS_PACKS: readonly PackSpec[] = [
  {
    name: '3-Class Intro Pack',
    credits: 3,
    price: 4900,
    validityDays: 30,
    active: true,
    popularity: 2,
  },
  { name: '5-Class Pack', credits: 5, price: 11500, validityDays: 90, active: true, popularity: 4 },
  {
    name: '10-Class Pack',
    credits: 10,
    price: 21000,
    validityDays: 180,
    active: true,
    popularity: 5,
  },
  {
    name: '20-Class Pack',
    credits: 20,
    price: 38000,
    validityDays: 365,
    active: true,
    popularity: 2,
  },
  {
    name: 'Legacy 10-Class Card',
    credits: 10,
    price: 18000,
    validityDays: null,
    active: false,
    popularity: 0,
  },
];

export interface CouponSpec {
  readonly code: string;
  readonly type: CouponType;
  /** Whole percent for `percent`, cents for `amount`. */
  readonly value: number;
  readonly active: boolean;
  readonly maxRedemptions: number | null;
  /** Days after the start of the history window it expires; null never. */
  readonly expiresAfterDays: number | null;
  /** How often a discounted sale uses it. */
  readonly popularity: number;
}

export const COUPONS: readonly CouponSpec[] = [
  {
    code: 'WELCOME15',
    type: 'percent',
    value: 15,
    active: true,
    maxRedemptions: null,
    expiresAfterDays: null,
    popularity: 5,
  },
  {
    code: 'FRIEND20',
    type: 'percent',
    value: 20,
    active: true,
    maxRedemptions: 40,
    expiresAfterDays: null,
    popularity: 2,
  },
  {
    code: 'SPRING10',
    type: 'amount',
    value: 1000,
    active: true,
    maxRedemptions: null,
    expiresAfterDays: 30,
    popularity: 3,
  },
  {
    code: 'STAFF25',
    type: 'percent',
    value: 25,
    active: true,
    maxRedemptions: null,
    expiresAfterDays: null,
    popularity: 1,
  },
  {
    code: 'GIFT5',
    type: 'amount',
    value: 500,
    active: true,
    maxRedemptions: 100,
    expiresAfterDays: null,
    popularity: 1,
  },
  {
    code: 'BLACKFRIDAY30',
    type: 'percent',
    value: 30,
    active: false,
    maxRedemptions: null,
    expiresAfterDays: null,
    popularity: 0,
  },
];

export interface WaiverSpec {
  readonly title: string;
  readonly body: string;
  readonly required: boolean;
  readonly active: boolean;
}

export const WAIVERS: readonly WaiverSpec[] = [
  {
    title: 'Liability Waiver and Release',
    body:
      'I understand that physical exercise carries a risk of injury. I confirm that I am in ' +
      'good health, will tell my instructor about any injury or condition, and release the ' +
      'studio, its staff and instructors from liability for injuries arising from my ' +
      'participation, except those caused by gross negligence.',
    required: true,
    active: true,
  },
  {
    title: 'Photo and Media Consent',
    body:
      'I agree that photos or video taken during classes and events in which I appear may be ' +
      'used on the studio’s website and social media. I can withdraw this consent at the desk.',
    required: false,
    active: true,
  },
  {
    title: 'Liability Waiver (2023 edition)',
    body: 'Superseded by the current Liability Waiver and Release.',
    required: false,
    active: false,
  },
];

export interface ServiceSpec {
  readonly title: string;
  readonly durationMinutes: number;
  readonly price: number;
  readonly active: boolean;
}

export const APPOINTMENT_SERVICES: readonly ServiceSpec[] = [
  { title: 'Private session (60 min)', durationMinutes: 60, price: 11000, active: true },
  { title: 'Private session (30 min)', durationMinutes: 30, price: 6500, active: true },
  { title: 'Intro consultation', durationMinutes: 30, price: 0, active: true },
  { title: 'Duet session (2 people)', durationMinutes: 60, price: 15000, active: false },
];

export interface AutomationSpec {
  readonly trigger: string;
  readonly subject: string;
  readonly body: string;
  readonly channels: readonly ('email' | 'push' | 'sms')[];
  /** As the stored row says it (`is_enabled`). */
  readonly isEnabled: boolean;
}

export const AUTOMATIONS: readonly AutomationSpec[] = [
  {
    trigger: 'member_created',
    subject: 'Welcome to {{studio}}!',
    body: 'Hi {{firstName}}, your first class is on us. Bring water and arrive 10 minutes early.',
    channels: ['email'],
    isEnabled: true,
  },
  {
    trigger: 'first_check_in',
    subject: 'How was your first class?',
    body: 'Hi {{firstName}}, thanks for joining us. Reply to tell us how it went.',
    channels: ['email'],
    isEnabled: true,
  },
  {
    trigger: 'inactive_30_days',
    subject: 'We miss you, {{firstName}}',
    body: 'It has been a month. Come back this week with a free guest pass for a friend.',
    channels: ['email', 'push'],
    isEnabled: true,
  },
  {
    trigger: 'pack_low_credits',
    subject: 'One class left on your pack',
    body: 'Top up at the desk or online to keep your spot in class.',
    channels: ['push'],
    isEnabled: true,
  },
  {
    trigger: 'birthday',
    subject: 'Happy birthday from {{studio}}',
    body: 'Enjoy a free drop-in class this month.',
    channels: ['email'],
    isEnabled: false,
  },
];

export const TENANT_FEATURES = [
  ['offline_mode', true],
  ['retail', true],
  ['gift_cards', true],
  ['class_packs', true],
  ['appointments', true],
  ['progress_tracking', true],
  ['automations', true],
  ['card_payments', true],
  ['video_on_demand', false],
] as const;

export const PLATFORM_CONFIG = [
  {
    key: 'min_desk_version',
    value: { version: '0.1.0' },
    enabled: true,
    description: 'Desks older than this must update before they sync.',
  },
  {
    key: 'maintenance_banner',
    value: { message: 'Scheduled maintenance Sunday 03:00–04:00 UTC; desks keep working offline.' },
    enabled: false,
    description: 'Banner shown on every desk while enabled.',
  },
] as const;
