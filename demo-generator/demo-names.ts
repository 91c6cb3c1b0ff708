// Made-up people and places for demo data. Emails use the reserved example.* domains and
// phone numbers the 555 exchange, so nothing generated here can reach a real person.

export const FIRST_NAMES: readonly string[] = (
  'Aaliyah Aarav Abigail Adrian Aiko Alejandro Alex Amara Amelia Andre Anika Ava Beatriz ' +
  'Ben Bianca Caleb Camila Carmen Chloe Chris Daniel Daniela Darius Diego Elena Eli Emma ' +
  'Ethan Farah Felix Fatima Gabriel Grace Hana Harper Hiro Ibrahim Imani Isaac Isabella ' +
  'Jada James Jasmine Javier Jin Jordan Julia Kai Kavya Keisha Leah Leo Liam Lucia Luis ' +
  'Maya Mateo Mei Mia Miguel Nadia Naomi Nathan Nia Noah Olivia Omar Priya Quinn Rafael ' +
  'Rania Riley Rosa Ryan Sam Sara Sebastian Sofia Sophie Tariq Tessa Theo Uma Valentina ' +
  'Victor Wei Willa Xavier Yara Yusuf Zara Zoe'
).split(' ');

export const LAST_NAMES: readonly string[] = (
  'Abbott Adeyemi Alvarez Anderson Bauer Bennett Brooks Campbell Chen Choi Clarke Cohen ' +
  'Costa Cruz Das Diaz Dubois Ellis Evans Fischer Flores Foster Garcia Gupta Hall Hansen ' +
  'Hayes Hernandez Hughes Ito Jackson Johansson Kaur Kelly Khan Kim Kowalski Lee Lopez ' +
  'Martin Mendoza Meyer Mitchell Morales Murphy Nakamura Nguyen Novak O’Brien Okafor ' +
  'Ortiz Park Patel Perez Peterson Quinn Ramirez Reyes Rivera Robinson Rossi Russo ' +
  'Sanchez Santos Schmidt Shah Silva Singh Sullivan Tanaka Taylor Thompson Torres Tran ' +
  'Turner Vargas Wagner Walker Wang Washington Weber Williams Wilson Wong Wright Yamamoto ' +
  'Young Zhang'
).split(' ');

export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

/** A metro area a studio or one of its branches is in. */
export interface DemoRegion {
  readonly city: string;
  readonly state: string;
  readonly timeZone: string;
  readonly areaCode: string;
  readonly zipPrefix: string;
  /** Sales tax the studio charges on retail, in basis points (825 = 8.25%). */
  readonly taxRateBasisPoints: number;
  readonly neighbourhoods: readonly string[];
  readonly streets: readonly string[];
}

export const REGIONS: readonly DemoRegion[] = [
  {
    city: 'Austin',
    state: 'TX',
    timeZone: 'America/Chicago',
    areaCode: '512',
    zipPrefix: '787',
    taxRateBasisPoints: 825,
    neighbourhoods: ['South Congress', 'East Austin', 'Mueller', 'Zilker', 'Hyde Park', 'Domain'],
    streets: [
      'S Congress Ave',
      'E Cesar Chavez St',
      'Aldrich St',
      'Barton Springs Rd',
      'Guadalupe St',
    ],
  },
  {
    city: 'Denver',
    state: 'CO',
    timeZone: 'America/Denver',
    areaCode: '303',
    zipPrefix: '802',
    taxRateBasisPoints: 881,
    neighbourhoods: ['RiNo', 'LoHi', 'Wash Park', 'Highlands', 'Cherry Creek', 'Baker'],
    streets: ['Larimer St', 'Tejon St', 'S Gaylord St', 'W 32nd Ave', 'E 2nd Ave', 'S Broadway'],
  },
  {
    city: 'Brooklyn',
    state: 'NY',
    timeZone: 'America/New_York',
    areaCode: '718',
    zipPrefix: '112',
    taxRateBasisPoints: 888,
    neighbourhoods: [
      'Park Slope',
      'Williamsburg',
      'Fort Greene',
      'Bushwick',
      'Greenpoint',
      'DUMBO',
    ],
    streets: [
      '7th Ave',
      'Bedford Ave',
      'DeKalb Ave',
      'Knickerbocker Ave',
      'Franklin St',
      'Water St',
    ],
  },
  {
    city: 'Seattle',
    state: 'WA',
    timeZone: 'America/Los_Angeles',
    areaCode: '206',
    zipPrefix: '981',
    taxRateBasisPoints: 1035,
    neighbourhoods: [
      'Capitol Hill',
      'Ballard',
      'Fremont',
      'Queen Anne',
      'Columbia City',
      'Wallingford',
    ],
    streets: ['E Pike St', 'NW Market St', 'Fremont Ave N', 'Queen Anne Ave N', 'Rainier Ave S'],
  },
];

export const LEAD_SOURCES = [
  ['walk-in', 4],
  ['website', 5],
  ['instagram', 3],
  ['referral', 3],
  ['google', 2],
  ['classpass', 2],
  ['event', 1],
] as const;

export const NOTE_TEXTS = [
  'Prefers a spot near the front; hard of hearing on the left side.',
  'Working towards first pull-up — cue scapular engagement.',
  'Interested in teacher training next spring.',
  'Brought a friend for a trial class; follow up about the intro offer.',
  'Asked about pausing membership over the summer.',
  'Likes the early classes; usually arrives 10 minutes early.',
  'Prefers props set up before class.',
] as const;

export const ALERT_TEXTS = [
  'Knee injury (meniscus): avoid deep flexion and jumping.',
  'Lower back surgery last year: no loaded spinal flexion.',
  'Card on file declined twice: ask to update payment at the desk.',
  'Pregnant (second trimester): offer modifications, no supine work after 20 min.',
  'Asthma: inhaler kept in the front-desk drawer.',
  'Shoulder impingement: no overhead pressing.',
] as const;
