import {
  addDays,
  addMonths,
  addYears,
  decide,
  evolve,
  fromDayNumber,
  initialState,
  isDomainError,
  licenceStreamId,
  toDayNumber,
  type CalendarDate,
  type CivilStatus,
  type EstablishmentMode,
  type FranceConnectIdentity,
  type LicenceCommand,
  type LicenceEvent,
  type OffenceCode,
  type RecordInfraction,
} from '@ledger/domain';
import { Random } from './random';

/**
 * Synthetic licence histories for load tests and benchmarks: a population shaped like the national
 * file (about 3 events per licence; most licences never lose a point, a few lose many), each
 * history told as the dated commands a clerk would record and decided by the real decider, so
 * every event is one the ledger itself would have appended.
 *
 * Deterministic: holder `index` of seed `seed` on day `today` always gets the same history, the
 * same licence number and the same civil status, whatever else is seeded.
 */
export interface PopulationOptions {
  /** The day the seeded log ends: the last daily run is on this day. */
  today: CalendarDate;
  seed: number;
}

/** One command's outcome: what it appended, on which day, under which commandId. */
export interface SeededCommand {
  commandId: string;
  /** The business day the command was handled on (metadata.recordedOn). */
  recordedOn: CalendarDate;
  events: LicenceEvent[];
}

export interface SyntheticLicence {
  index: number;
  licenceNumber: string;
  streamId: string;
  holder: CivilStatus;
  commands: SeededCommand[];
}

/** Twelve digits, canonical (RULES §7): 7 followed by the holder's index. */
export function syntheticLicenceNumber(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index > 99_999_999_999) {
    throw new RangeError(`A synthetic holder index is 0 to 99,999,999,999, got ${index}.`);
  }
  return String(700_000_000_000 + index);
}

const FAMILY_NAMES = [
  'MARTIN',
  'BERNARD',
  'THOMAS',
  'PETIT',
  'ROBERT',
  'RICHARD',
  'DURAND',
  'DUBOIS',
  'MOREAU',
  'LAURENT',
  'SIMON',
  'MICHEL',
  'LEFEBVRE',
  'LEROY',
  'ROUX',
  'DAVID',
  'BERTRAND',
  'MOREL',
  'FOURNIER',
  'GIRARD',
  'BONNET',
  'DUPONT',
  'LAMBERT',
  'FONTAINE',
  'ROUSSEAU',
  'VINCENT',
  'MULLER',
  'LEFÈVRE',
  'FAURE',
  'ANDRÉ',
  'MERCIER',
  'BLANC',
  'GUÉRIN',
  'BOYER',
  'GARNIER',
  'CHEVALIER',
  'FRANÇOIS',
  'LEGRAND',
  'GAUTHIER',
  'GARCIA',
  'PERRIN',
  'ROBIN',
  'CLÉMENT',
  'MORIN',
  'NICOLAS',
  'HENRY',
  'ROUSSEL',
  'MATHIEU',
  'GAUTIER',
  'MASSON',
  "N'DIAYE",
  'LE GOFF',
  'BENALI',
  'NGUYEN',
  'DA SILVA',
];
const GIVEN_NAMES: Record<'MALE' | 'FEMALE', readonly string[]> = {
  MALE: [
    'Jean',
    'Pierre',
    'Michel',
    'Philippe',
    'Nicolas',
    'Thomas',
    'Lucas',
    'Hugo',
    'Jean-Pierre',
    'Mohamed',
    'Louis',
    'Théo',
    'Antoine',
    'Julien',
  ],
  FEMALE: [
    'Marie',
    'Nathalie',
    'Isabelle',
    'Sophie',
    'Camille',
    'Léa',
    'Manon',
    'Chloé',
    'Inès',
    'Emma',
    'Anne-Sophie',
    'Fatima',
    'Sarah',
    'Julie',
  ],
};
/** INSEE commune codes of large towns (Corsica's included), for holders born in France. */
const BIRTHPLACES = [
  '75056',
  '13055',
  '69123',
  '31555',
  '06088',
  '44109',
  '67482',
  '34172',
  '33063',
  '59350',
  '35238',
  '2A004',
  '2B033',
  '97411',
  '76540',
  '38185',
];
/** INSEE country codes of holders born abroad. */
const BIRTH_COUNTRIES = ['99350', '99352', '99134', '99139', '99127', '99109', '99351', '99131'];
const CITIES: readonly (readonly [string, string])[] = [
  ['75011', 'PARIS'],
  ['13008', 'MARSEILLE'],
  ['69003', 'LYON'],
  ['31000', 'TOULOUSE'],
  ['06000', 'NICE'],
  ['44000', 'NANTES'],
  ['67000', 'STRASBOURG'],
  ['33000', 'BORDEAUX'],
  ['59000', 'LILLE'],
  ['35000', 'RENNES'],
];
const STREETS = [
  'rue de la République',
  'avenue Jean Jaurès',
  'rue Victor Hugo',
  'boulevard Pasteur',
  'place de la Mairie',
  'rue des Écoles',
];

type Offence =
  | { code: Exclude<OffenceCode, 'SPEEDING' | 'ALCOHOL'> }
  | { code: 'SPEEDING'; excess: readonly [number, number] }
  | { code: 'ALCOHOL' };

/**
 * The catalogue's mix, roughly as withdrawals are spread in France: small speeding excesses first
 * (most of the points withdrawn), then the phone, the seatbelt, red lights and stops, alcohol.
 */
const OFFENCE_MIX: readonly (readonly [Offence, number])[] = [
  [{ code: 'SPEEDING', excess: [1, 19] }, 52],
  [{ code: 'SPEEDING', excess: [20, 29] }, 8],
  [{ code: 'SPEEDING', excess: [30, 39] }, 2.5],
  [{ code: 'SPEEDING', excess: [40, 49] }, 0.8],
  [{ code: 'SPEEDING', excess: [50, 80] }, 0.4],
  [{ code: 'PHONE_HELD' }, 9],
  [{ code: 'SEATBELT_DRIVER' }, 5],
  [{ code: 'RED_LIGHT' }, 4],
  [{ code: 'STOP_SIGN' }, 3],
  [{ code: 'ALCOHOL' }, 4],
  [{ code: 'CONTINUOUS_LINE_CROSSED' }, 2],
  [{ code: 'NO_DIRECTION_SIGNAL' }, 2],
  [{ code: 'SAFETY_DISTANCE' }, 1.5],
  [{ code: 'PRIORITY' }, 1],
  [{ code: 'YIELD_SIGN' }, 1],
  [{ code: 'PEDESTRIAN_PRIORITY' }, 0.8],
  [{ code: 'UNSAFE_OVERTAKING' }, 0.8],
  [{ code: 'CONTINUOUS_LINE_STRADDLED' }, 0.8],
  [{ code: 'DRUGS' }, 1],
  [{ code: 'SCREEN_IN_VIEW' }, 0.4],
  [{ code: 'EMERGENCY_LANE_DRIVING' }, 0.3],
  [{ code: 'WRONG_WAY' }, 0.2],
  [{ code: 'REFUSAL_TO_STOP' }, 0.2],
  [{ code: 'ALCOHOL_TEST_REFUSED' }, 0.1],
];
const SPEED_LIMITS = [50, 50, 80, 80, 90, 110, 130, 30];
/** Expected infractions per year of driving: most holders rarely, a few often. */
const RISK: readonly (readonly [number, number])[] = [
  [0.015, 60],
  [0.07, 30],
  [0.25, 10],
];
const ESTABLISHMENT_MODES: readonly (readonly [EstablishmentMode, number])[] = [
  ['FINE_PAID', 85],
  ['INCREASED_FINE_ISSUED', 12],
  ['COMPOSITION_PENALE_EXECUTED', 3],
];

function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

const randomDay = (random: Random, from: CalendarDate, to: CalendarDate): CalendarDate =>
  fromDayNumber(random.int(toDayNumber(from), toDayNumber(to)));
const minDay = (a: CalendarDate, b: CalendarDate): CalendarDate => (a <= b ? a : b);

/** The civil status of holder `index`: also what the benchmark's FranceConnect identity claims. */
export function syntheticHolder(index: number, { today, seed }: PopulationOptions): CivilStatus {
  const random = Random.forHolder(seed, index);
  return holderOf(random, today);
}

function holderOf(random: Random, today: CalendarDate): CivilStatus {
  const gender = random.chance(0.5) ? 'MALE' : 'FEMALE';
  const bornAbroad = random.chance(0.08);
  const givenNames = `${random.pick(GIVEN_NAMES[gender])}${random.chance(0.6) ? ` ${random.pick(GIVEN_NAMES[gender])}` : ''}`;
  return {
    familyName: random.pick(FAMILY_NAMES),
    givenNames,
    // 18 to 85 years old today.
    birthdate: randomDay(random, addYears(today, -85), addYears(today, -19)),
    gender,
    ...(bornAbroad ? {} : { birthplace: random.pick(BIRTHPLACES) }),
    birthcountry: bornAbroad ? random.pick(BIRTH_COUNTRIES) : '99100',
  };
}

/** The FranceConnect identity of holder `index` (for benchmarks that sign holders in). */
export function syntheticIdentity(
  index: number,
  options: PopulationOptions,
): FranceConnectIdentity & { sub: string } {
  const holder = syntheticHolder(index, options);
  return {
    sub: `synthetic-${options.seed}-${index}`,
    family_name: holder.familyName,
    given_name: holder.givenNames,
    birthdate: holder.birthdate,
    gender: holder.gender === 'MALE' ? 'male' : 'female',
    birthplace: holder.birthplace ?? '',
    birthcountry: holder.birthcountry,
  };
}

interface PlannedCommand {
  day: CalendarDate;
  command: Omit<LicenceCommand, 'today'>;
}

/**
 * Holder `index`'s history. Licences issued more than four years before `today` come in as full
 * licences with their balance (an import); younger ones are first licences on probation.
 */
export function syntheticLicence(index: number, options: PopulationOptions): SyntheticLicence {
  const { today, seed } = options;
  const random = Random.forHolder(seed, index);
  const holder = holderOf(random, today);
  const licenceNumber = syntheticLicenceNumber(index);
  const streamId = licenceStreamId(licenceNumber);
  const yesterday = addDays(today, -1);
  const earliestIssue = maxDay(addYears(holder.birthdate, 18), '1975-01-01');
  const issuedOn = randomDay(random, minDay(earliestIssue, yesterday), yesterday);
  const probationary = issuedOn > addYears(today, -4);
  const earlyLearning = probationary && random.chance(0.3);
  const [postalCode, city] = random.pick(CITIES);
  const plan: PlannedCommand[] = [
    {
      day: issuedOn,
      command: {
        type: 'IssueLicence',
        data: {
          licenceNumber,
          issuedOn,
          holder,
          probationary,
          earlyLearning,
          ...(probationary || random.chance(0.85) ? {} : { openingBalance: random.int(6, 11) }),
          address: { lines: [`${random.int(1, 120)} ${random.pick(STREETS)}`], postalCode, city },
        },
      },
    },
  ];

  // Infractions over the last twelve years of the licence at most, up to three weeks ago.
  const windowStart = maxDay(issuedOn, addYears(today, -12));
  const windowEnd = addDays(today, -21);
  const years = Math.max(0, (toDayNumber(windowEnd) - toDayNumber(windowStart)) / 365.25);
  const count = windowEnd > windowStart ? poisson(random, random.weighted(RISK) * years) : 0;
  const established: CalendarDate[] = [];
  let previous: { committedOn: CalendarDate; infractionId: string; establishedOn?: CalendarDate } | undefined;
  for (let n = 0; n < count; n++) {
    const infractionId = `inf-${index}-${n}`;
    // One roadside check now and then: two offences the same day, established together.
    const sameCheck = previous !== undefined && random.chance(0.12);
    const committedOn = sameCheck ? previous!.committedOn : randomDay(random, windowStart, windowEnd);
    const checkId = sameCheck ? `check-${previous!.infractionId}` : undefined;
    const offence = random.weighted(OFFENCE_MIX);
    const data: RecordInfraction['data'] = { infractionId, offenceCode: offence.code, committedOn };
    if (checkId) data.checkId = checkId;
    if (offence.code === 'SPEEDING') {
      data.retainedExcessKmh = random.int(offence.excess[0], offence.excess[1]);
      data.speedLimitKmh = random.pick(SPEED_LIMITS);
    } else if (offence.code === 'ALCOHOL') {
      data.alcoholGramsPerLitreBlood =
        probationary && random.chance(0.4) ? 0.3 : random.pick([0.55, 0.62, 0.71, 0.9, 1.2, 1.6]);
    }
    plan.push({
      day: minDay(addDays(committedOn, random.int(0, 20)), today),
      command: { type: 'RecordInfraction', data },
    });
    if (random.chance(0.04)) {
      const cancelledOn = minDay(addDays(committedOn, random.int(10, 60)), today);
      plan.push({
        day: minDay(addDays(cancelledOn, random.int(0, 5)), today),
        command: {
          type: 'CancelInfraction',
          data: { infractionId, cancelledOn, reason: 'Avis de contravention annulé' },
        },
      });
      previous = { committedOn, infractionId };
      continue;
    }
    if (!random.chance(0.92)) {
      previous = { committedOn, infractionId }; // still unpaid, or contested
      continue;
    }
    const establishedOn =
      sameCheck && previous!.establishedOn
        ? previous!.establishedOn
        : minDay(addDays(committedOn, random.int(15, 120)), today);
    const delit =
      offence.code === 'DRUGS' ||
      offence.code === 'REFUSAL_TO_STOP' ||
      offence.code === 'ALCOHOL_TEST_REFUSED' ||
      (offence.code === 'ALCOHOL' && (data.alcoholGramsPerLitreBlood ?? 0) >= 0.8);
    plan.push({
      day: minDay(addDays(establishedOn, random.int(0, 5)), today),
      command: {
        type: 'EstablishInfraction',
        data: {
          infractionId,
          establishedOn,
          mode: delit ? 'CONVICTION_FINAL' : random.weighted(ESTABLISHMENT_MODES),
        },
      },
    });
    established.push(establishedOn);
    previous = { committedOn, infractionId, establishedOn };
  }

  // A course, for some of those who lost points twice or more.
  if (established.length >= 2 && random.chance(0.2)) {
    const after = [...established].sort()[1];
    const lastDay = minDay(addDays(after, random.int(10, 200)), yesterday);
    const firstDay = addDays(lastDay, -1);
    if (firstDay >= issuedOn) {
      plan.push({
        day: minDay(addDays(lastDay, random.int(1, 10)), today),
        command: { type: 'RecordTrainingCourse', data: { courseId: `course-${index}`, firstDay, lastDay } },
      });
    }
  }
  // Complementary training, for some first licences, between the 6th and 12th month.
  if (probationary && random.chance(0.15)) {
    const completedOn = randomDay(random, addMonths(issuedOn, 6), addMonths(issuedOn, 12));
    if (completedOn <= yesterday)
      plan.push({
        day: completedOn,
        command: { type: 'RecordComplementaryTraining', data: { completedOn } },
      });
  }

  // In the order a clerk would have recorded them (stable: the issue comes first).
  plan.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const commands: SeededCommand[] = [];
  let state = initialState();
  const run = (order: number, command: LicenceCommand): void => {
    let events: LicenceEvent[];
    try {
      events = decide(command, state);
    } catch (error) {
      if (isDomainError(error)) return; // the law refuses it (a measure under the threshold then): not recorded
      throw error;
    }
    if (events.length === 0) return;
    state = events.reduce(evolve, state);
    commands.push({ commandId: `seed:${seed}:${licenceNumber}:${order}`, recordedOn: command.today, events });
  };
  plan.forEach(({ day, command }, order) => run(order, { ...command, today: day } as LicenceCommand));
  // The daily run of `today`: every decision due by then (restorations, probation steps).
  run(plan.length, { type: 'ApplyDueChanges', today, data: { asOf: today } });
  return { index, licenceNumber, streamId, holder, commands };
}

function maxDay(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}
