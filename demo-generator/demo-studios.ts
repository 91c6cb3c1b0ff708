// The kinds of studio the generator can build, each with its own timetable, shop and
// progress measures. Prices are in cents (the tenant's currency is USD).

import type { Database } from '../src-shared/schema/catalog';

type MetricCategory = Database['progress_metric_definitions']['category'];
type MetricAggregation = Database['progress_metric_definitions']['aggregation'];

export interface ClassType {
  readonly title: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly dropInPrice: number;
  readonly durationMinutes: number;
}

export interface ProductSpec {
  readonly name: string;
  readonly sku: string;
  readonly price: number;
  readonly taxable: boolean;
  /** Stock is counted (retail goods) or not (rentals, services). */
  readonly tracked: boolean;
  /** How often it sells, relative to the other products. */
  readonly popularity: number;
}

export interface MetricSpec {
  readonly name: string;
  readonly category: MetricCategory;
  readonly unit: string;
  readonly icon: string;
  readonly aggregation: MetricAggregation;
  /** Where a member's first entry starts and how much it moves per entry. */
  readonly start: readonly [number, number];
  readonly step: readonly [number, number];
  /** Names of the values for ranks (belts), indexed by value. */
  readonly labels?: readonly string[];
}

export interface StudioProfile {
  readonly kind: 'yoga' | 'pilates' | 'martial_arts' | 'fitness';
  readonly names: readonly string[];
  readonly classTypes: readonly ClassType[];
  /** A fortnightly Saturday workshop and a monthly community class at every location. */
  readonly workshop: ClassType;
  readonly monthly: ClassType;
  readonly products: readonly ProductSpec[];
  readonly metrics: readonly MetricSpec[];
  /** Multiplies the standard membership and pack prices. */
  readonly priceFactor: number;
}

const classType = (
  title: string,
  capacity: readonly [number, number],
  dropInPrice: number,
  durationMinutes = 60,
): ClassType => ({
  title,
  minCapacity: capacity[0],
  maxCapacity: capacity[1],
  dropInPrice,
  durationMinutes,
});

const product = (
  name: string,
  sku: string,
  price: number,
  popularity: number,
  options: { taxable?: boolean; tracked?: boolean } = {},
): ProductSpec => ({
  name,
  sku,
  price,
  popularity,
  taxable: options.taxable ?? true,
  tracked: options.tracked ?? true,
});

const commonProducts: readonly ProductSpec[] = [
  product('Water bottle (still, 500 ml)', 'BEV-WATER', 300, 10),
  product('Sparkling water', 'BEV-SPARK', 350, 5),
  product('Electrolyte drink', 'BEV-ELEC', 450, 4),
  product('Protein bar', 'SNK-PROT', 400, 5),
  product('Towel rental', 'SVC-TOWEL', 200, 6, { taxable: false, tracked: false }),
  product('Studio logo tee', 'APP-TEE', 3200, 1.2),
  product('Studio hoodie', 'APP-HOOD', 6800, 0.5),
  product('Tote bag', 'APP-TOTE', 1800, 0.6),
];

const attended: MetricSpec = {
  name: 'Classes attended',
  category: 'attendance',
  unit: 'classes',
  icon: 'calendar-check',
  // Milestone entries carry the running total, so the latest is the largest.
  aggregation: 'max',
  start: [1, 1],
  step: [1, 1],
};

const BELTS = ['White', 'Yellow', 'Orange', 'Green', 'Blue', 'Purple', 'Brown', 'Red', 'Black'];

export const STUDIO_PROFILES: readonly StudioProfile[] = [
  {
    kind: 'yoga',
    names: ['Juniper Yoga', 'Salt & Cedar Yoga', 'Open Field Yoga', 'Bright Lotus Yoga'],
    classTypes: [
      classType('Vinyasa Flow', [18, 30], 2600),
      classType('Power Yoga', [18, 28], 2600),
      classType('Hatha Basics', [14, 24], 2400),
      classType('Yin Yoga', [16, 26], 2400, 75),
      classType('Hot Vinyasa', [20, 32], 2800),
      classType('Restorative', [10, 18], 2400, 75),
      classType('Slow Flow', [14, 24], 2400),
      classType('Prenatal Yoga', [8, 14], 2400),
    ],
    workshop: classType('Inversions Workshop', [12, 20], 4500, 120),
    monthly: classType('Full Moon Sound Bath', [20, 35], 3500, 90),
    products: [
      ...commonProducts,
      product('Cork yoga block', 'EQP-BLOCK', 2200, 1),
      product('Yoga mat (5 mm)', 'EQP-MAT', 7800, 0.5),
      product('Mat rental', 'SVC-MAT', 300, 3, { taxable: false, tracked: false }),
      product('Lavender eye pillow', 'EQP-PILLOW', 1600, 0.6),
    ],
    metrics: [
      attended,
      {
        name: 'Minutes practised',
        category: 'attendance',
        unit: 'minutes',
        icon: 'timer',
        aggregation: 'sum',
        start: [60, 60],
        step: [0, 15],
      },
      {
        name: 'Forward fold reach',
        category: 'flexibility',
        unit: 'cm',
        icon: 'ruler',
        aggregation: 'max',
        start: [-10, 10],
        step: [0, 3],
      },
      {
        name: 'Headstand hold',
        category: 'skill',
        unit: 'seconds',
        icon: 'stopwatch',
        aggregation: 'max',
        start: [0, 20],
        step: [0, 15],
      },
    ],
    priceFactor: 1,
  },
  {
    kind: 'pilates',
    names: ['Core & Carriage Pilates', 'Longline Pilates', 'Springwork Studio', 'Anchor Pilates'],
    classTypes: [
      classType('Reformer Foundations', [8, 10], 4200, 50),
      classType('Reformer Flow', [8, 12], 4200, 50),
      classType('Jumpboard Cardio', [8, 12], 4200, 45),
      classType('Mat Pilates', [14, 22], 2800, 50),
      classType('Tower Strength', [6, 8], 4500, 50),
      classType('Barre Sculpt', [14, 24], 3000, 50),
    ],
    workshop: classType('Reformer Technique Clinic', [8, 10], 6000, 90),
    monthly: classType('Community Mat Class', [20, 30], 1500, 60),
    products: [
      ...commonProducts,
      product('Grip socks', 'APP-GRIP', 1600, 4),
      product('Mini resistance band', 'EQP-BAND', 1200, 1),
      product('Pilates ring', 'EQP-RING', 3400, 0.4),
    ],
    metrics: [
      attended,
      {
        name: 'Plank hold',
        category: 'strength',
        unit: 'seconds',
        icon: 'stopwatch',
        aggregation: 'max',
        start: [30, 90],
        step: [0, 20],
      },
      {
        name: 'Roll-up control',
        category: 'skill',
        unit: 'level',
        icon: 'star',
        aggregation: 'latest',
        start: [1, 2],
        step: [0, 1],
      },
    ],
    priceFactor: 1.35,
  },
  {
    kind: 'martial_arts',
    names: [
      'Iron Crane Martial Arts',
      'Riverstone Jiu-Jitsu',
      'Kodo Karate Academy',
      'Blue Ridge BJJ',
    ],
    classTypes: [
      classType('Fundamentals Gi', [16, 30], 3000, 60),
      classType('Advanced Gi', [16, 30], 3000, 75),
      classType('No-Gi Grappling', [16, 30], 3000, 60),
      classType('Kids Karate (6–9)', [12, 18], 2500, 45),
      classType('Teens Kickboxing', [12, 20], 2500, 60),
      classType('Muay Thai Basics', [14, 24], 3000, 60),
      classType('Open Mat', [20, 40], 2000, 90),
    ],
    workshop: classType('Takedown Seminar', [20, 40], 5000, 120),
    monthly: classType('Belt Promotion Night', [30, 60], 0, 120),
    products: [
      ...commonProducts,
      product('Gi (A2, white)', 'APP-GI', 11000, 0.4),
      product('Rash guard', 'APP-RASH', 5500, 0.6),
      product('Mouth guard', 'EQP-GUARD', 1500, 1.5),
      product('Hand wraps', 'EQP-WRAPS', 1200, 1.5),
      product('Gloves (14 oz)', 'EQP-GLOVE', 6500, 0.4),
    ],
    metrics: [
      attended,
      {
        name: 'Belt rank',
        category: 'rank',
        unit: 'belt',
        icon: 'award',
        aggregation: 'latest',
        start: [0, 2],
        step: [1, 1],
        labels: BELTS,
      },
      {
        name: 'Stripes',
        category: 'skill',
        unit: 'stripes',
        icon: 'minus',
        aggregation: 'latest',
        start: [0, 2],
        step: [1, 1],
      },
    ],
    priceFactor: 1.1,
  },
  {
    kind: 'fitness',
    names: ['Forge Athletic Club', 'Northside Strength', 'Ember Fitness Collective', 'Summit HIIT'],
    classTypes: [
      classType('HIIT 45', [16, 24], 2500, 45),
      classType('Strength Foundations', [12, 16], 2800),
      classType('Indoor Cycle', [20, 32], 2500, 45),
      classType('Bootcamp', [16, 24], 2500),
      classType('Kettlebell Conditioning', [12, 18], 2800, 45),
      classType('Mobility & Core', [14, 22], 2200, 45),
      classType('Rowing Intervals', [10, 16], 2800, 45),
    ],
    workshop: classType('Olympic Lifting Clinic', [10, 16], 5000, 120),
    monthly: classType('Community WOD', [30, 50], 0, 60),
    products: [
      ...commonProducts,
      product('Whey protein shake', 'BEV-SHAKE', 650, 4),
      product('Pre-workout shot', 'BEV-PRE', 500, 2),
      product('Lifting straps', 'EQP-STRAP', 1800, 0.5),
      product('Chalk block', 'EQP-CHALK', 600, 1),
    ],
    metrics: [
      attended,
      {
        name: 'Deadlift 1RM',
        category: 'strength',
        unit: 'kg',
        icon: 'dumbbell',
        aggregation: 'max',
        start: [40, 140],
        step: [0, 10],
      },
      {
        name: '2k row',
        category: 'cardio',
        unit: 'seconds',
        icon: 'waves',
        aggregation: 'min',
        start: [420, 600],
        step: [-20, 0],
      },
      {
        name: 'Resting heart rate',
        category: 'body',
        unit: 'bpm',
        icon: 'heart',
        aggregation: 'latest',
        start: [55, 80],
        step: [-3, 1],
      },
    ],
    priceFactor: 1,
  },
];
