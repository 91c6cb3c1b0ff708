/** How big a demo tenant is: the knobs a caller may turn. */
export interface DemoScale {
  readonly name: string;
  readonly members: number;
  readonly locations: number;
  /** Days of history before the day of `now`. */
  readonly historyDays: number;
  /** Days of schedule after the day of `now`. */
  readonly futureDays: number;
}

export const DEMO_SCALE_PRESETS = {
  /** The product's demo studio: a few thousand rows. */
  small: { name: 'small', members: 150, locations: 2, historyDays: 90, futureDays: 30 },
  /** A busy multi-location studio: about a hundred thousand rows. */
  medium: { name: 'medium', members: 5_000, locations: 4, historyDays: 180, futureDays: 30 },
  /** A regional chain for benchmarks: about a million rows, mostly bookings. */
  large: { name: 'large', members: 50_000, locations: 20, historyDays: 150, futureDays: 30 },
} as const satisfies Record<string, DemoScale>;

export type DemoScalePreset = keyof typeof DEMO_SCALE_PRESETS;

export type DemoScaleOverrides = Partial<Omit<DemoScale, 'name'>>;

export function isDemoScalePreset(name: string): name is DemoScalePreset {
  return Object.hasOwn(DEMO_SCALE_PRESETS, name);
}

const LIMITS = {
  members: [1, 1_000_000],
  locations: [1, 50],
  historyDays: [1, 3 * 365],
  futureDays: [0, 180],
} as const satisfies Record<keyof DemoScaleOverrides, readonly [number, number]>;

/** A preset with some knobs turned; throws a RangeError naming the first bad value. */
export function resolveDemoScale(
  preset: DemoScalePreset,
  overrides: DemoScaleOverrides = {},
): DemoScale {
  const base = DEMO_SCALE_PRESETS[preset];
  const members = overrides.members ?? base.members;
  const locations = overrides.locations ?? base.locations;
  const historyDays = overrides.historyDays ?? base.historyDays;
  const futureDays = overrides.futureDays ?? base.futureDays;
  const changed =
    members !== base.members ||
    locations !== base.locations ||
    historyDays !== base.historyDays ||
    futureDays !== base.futureDays;
  const name = changed ? `${base.name}-custom` : base.name;
  const scale: DemoScale = { name, members, locations, historyDays, futureDays };
  validateDemoScale(scale);
  return scale;
}

export function validateDemoScale(scale: DemoScale): void {
  for (const [key, [min, max]] of Object.entries(LIMITS)) {
    const value: unknown = Reflect.get(scale, key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new RangeError(`${key} must be an integer from ${min} to ${max}, got ${String(value)}`);
    }
  }
  if (scale.locations > scale.members) {
    throw new RangeError(`${scale.locations} locations need at least as many members`);
  }
}

/**
 * Rates the generator draws with. The row estimate reads the same numbers, so tuning one
 * keeps the other honest (a test compares the estimate with generated counts).
 */
export const DEMO_RATES = {
  /** Share of members who joined at onboarding (imported); the rest join over time. */
  importedMembers: 0.58,
  /** Of members who are not new: active, inactive (stopped coming), archived. */
  memberStatus: { active: 0.82, inactive: 0.14, archived: 0.04 },
  /** How members pay for classes. */
  paysWith: { subscription: 0.55, pack: 0.27, drop_in: 0.18 },
  /** Class popularity (mean fill of capacity) is uniform in this range, times ±20% noise. */
  popularity: [0.35, 1.05],
  /** Share of kept bookings that come with an extra early cancellation. */
  earlyCancellation: 0.07,
  /** Bookings for classes this many days ahead have mostly not been made yet. */
  bookingHorizonDays: 14,
  maxWaitlist: 6,
  cancelledClasses: { past: 0.015, future: 0.005 },
  /** Share of in-window subscriptions bought at a desk (the rest online). */
  subscriptionsSoldAtDesk: 0.6,
  /** Retail sales with a gift card line, and sales paid partly by gift card. */
  giftCardLine: 0.05,
  giftCardTender: 0.05,
  splitTender: 0.08,
  couponUse: 0.06,
  refundedRetail: 0.006,
  declinedCard: 0.015,
  waiverSigned: 0.93,
  mediaConsent: 0.2,
  leadsPerMember: 0.15,
  notesPerMember: 0.05,
  progressMembers: 0.25,
  appointmentsPerMemberYear: 0.25,
  pushPerMemberMonth: 0.1,
} as const;

/**
 * Class capacity the timetable is sized for. A studio whose rooms are smaller (reformer
 * pilates) runs proportionally more classes, so every kind of studio books about the same
 * number of places per member and the row count does not hinge on the seed's studio.
 */
export const REFERENCE_CAPACITY = 17.5;

/** Sizes derived from the scale that both the generator and the estimate use. */
export interface DemoShape {
  readonly scale: DemoScale;
  readonly membersPerLocation: number;
  /**
   * Weekly class slots at each location for classes of REFERENCE_CAPACITY (fortnightly and
   * monthly specials come on top).
   */
  readonly classesPerWeekPerLocation: number;
  readonly frontDeskPerLocation: number;
  readonly instructorsPerLocation: number;
  /** Desk computers at each location; the first one holds the cash drawer. */
  readonly desksPerLocation: number;
  readonly staff: number;
  /** Mean retail sales per location per open day. */
  readonly retailOrdersPerLocationDay: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export function demoShape(scale: DemoScale): DemoShape {
  const membersPerLocation = scale.members / scale.locations;
  const classesPerWeekPerLocation = clamp(Math.round(membersPerLocation / 9), 8, 70);
  const frontDeskPerLocation = clamp(Math.ceil(membersPerLocation / 800), 2, 4);
  const instructorsPerLocation = Math.ceil(classesPerWeekPerLocation / 5);
  const desksPerLocation = clamp(Math.ceil(membersPerLocation / 1000), 1, 3);
  return {
    scale,
    membersPerLocation,
    classesPerWeekPerLocation,
    frontDeskPerLocation,
    instructorsPerLocation,
    desksPerLocation,
    // An owner, a manager per location, the desk staff and the instructors.
    staff: 1 + scale.locations * (1 + frontDeskPerLocation + instructorsPerLocation),
    retailOrdersPerLocationDay: 0.4 + membersPerLocation / 900,
  };
}
