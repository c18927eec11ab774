import { LicenceErrors, InfractionErrors } from '../errors/licence-errors';
import { isCalendarDate, type CalendarDate } from '../values/calendar-date';
import {
  isOffenceCode,
  type OffenceAssessment,
  type OffenceClass,
  type OffenceCode,
  type OffenceMeasures,
} from './offence-code';

/**
 * The offence catalogue (offences.md) as one typed table. Points and class come from here, never
 * from the clerk; the class decides the 2-or-3-year and the 10-year rules (RULES §4).
 *
 * A band is in force on every day d with `inForceFrom ≤ d < inForceBefore` (either bound may be
 * absent). Excess and alcohol bounds read the same way: `from` included, `below` excluded.
 */

/** The class of a speeding excess under 20 km/h depends on the speed limit (R413-14 I). */
export type SpeedingBandClass = OffenceClass | 'BY_SPEED_LIMIT';

export interface SpeedingBand {
  readonly fromExcessKmh: number;
  readonly belowExcessKmh?: number;
  readonly offenceClass: SpeedingBandClass;
  readonly points: number;
  readonly article: string;
  readonly inForceFrom?: CalendarDate;
  readonly inForceBefore?: CalendarDate;
}

export interface AlcoholBand {
  readonly fromGramsPerLitre: number;
  readonly belowGramsPerLitre?: number;
  /** The band exists only for a probationary licence (R234-1, lower threshold). */
  readonly probationaryOnly: boolean;
  readonly offenceClass: OffenceClass;
  readonly points: number;
  readonly article: string;
  readonly inForceFrom?: CalendarDate;
  readonly inForceBefore?: CalendarDate;
}

interface EntryBase {
  readonly code: OffenceCode;
  /** What the offence is, as offences.md states it. */
  readonly description: string;
  /** The short French label used in letters. */
  readonly label: string;
  readonly article: string;
}

/** An offence whose class and points are fixed: it takes no measure. */
export interface FixedOffenceEntry extends EntryBase {
  readonly measure: 'NONE';
  readonly offenceClass: OffenceClass;
  readonly points: number;
}

export interface SpeedingOffenceEntry extends EntryBase {
  readonly code: 'SPEEDING';
  readonly measure: 'SPEED';
  readonly bands: readonly SpeedingBand[];
}

export interface AlcoholOffenceEntry extends EntryBase {
  readonly code: 'ALCOHOL';
  readonly measure: 'ALCOHOL';
  readonly bands: readonly AlcoholBand[];
}

export type OffenceCatalogueEntry = FixedOffenceEntry | SpeedingOffenceEntry | AlcoholOffenceEntry;

/** Since this date a retained excess below 5 km/h withdraws no point (R413-14, as amended). */
export const SMALL_EXCESS_ZERO_POINTS_FROM: CalendarDate = '2024-01-01';
/** From this date an excess of 50 km/h or more is a délit (L413-1), no longer a 5th-class contravention. */
export const GREAT_EXCESS_DELIT_FROM: CalendarDate = '2025-12-29';
/**
 * From this date a probationary licence has the lower alcohol threshold of 0.20 g/L (R234-1 as
 * amended by décret n° 2015-743 of 24 June 2015). Before it, 0.50 g/L applied to every licence.
 */
export const PROBATIONARY_ALCOHOL_THRESHOLD_FROM: CalendarDate = '2015-07-01';

/** The limits a record may carry; beyond them the figure is a clerk's slip, not a measurement. */
export const MEASURE_BOUNDS = {
  /** Highest speed limit on a French road (motorways, R413-2). */
  maxSpeedLimitKmh: 130,
  maxRetainedExcessKmh: 300,
  maxAlcoholGramsPerLitreBlood: 10,
} as const;

const FULL_LICENCE_ALCOHOL_THRESHOLD = 0.5;
const PROBATIONARY_ALCOHOL_THRESHOLD = 0.2;

function freezeDeep<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(freezeDeep);
    Object.freeze(value);
  }
  return value;
}

export const OFFENCE_CATALOGUE: readonly OffenceCatalogueEntry[] = freezeDeep<OffenceCatalogueEntry[]>([
  {
    code: 'SPEEDING',
    description: 'speed limit exceeded',
    label: 'Excès de vitesse',
    article: 'R413-14',
    measure: 'SPEED',
    bands: [
      // R413-14 as amended: no point for a retained excess below 5 km/h, from 2024-01-01.
      {
        fromExcessKmh: 0,
        belowExcessKmh: 5,
        offenceClass: 'BY_SPEED_LIMIT',
        points: 0,
        article: 'R413-14',
        inForceFrom: SMALL_EXCESS_ZERO_POINTS_FROM,
      },
      // R413-14 before the amendment: any excess below 20 km/h withdrew one point.
      {
        fromExcessKmh: 0,
        belowExcessKmh: 20,
        offenceClass: 'BY_SPEED_LIMIT',
        points: 1,
        article: 'R413-14',
        inForceBefore: SMALL_EXCESS_ZERO_POINTS_FROM,
      },
      {
        fromExcessKmh: 5,
        belowExcessKmh: 20,
        offenceClass: 'BY_SPEED_LIMIT',
        points: 1,
        article: 'R413-14',
        inForceFrom: SMALL_EXCESS_ZERO_POINTS_FROM,
      },
      { fromExcessKmh: 20, belowExcessKmh: 30, offenceClass: 4, points: 2, article: 'R413-14' },
      { fromExcessKmh: 30, belowExcessKmh: 40, offenceClass: 4, points: 3, article: 'R413-14' },
      { fromExcessKmh: 40, belowExcessKmh: 50, offenceClass: 4, points: 4, article: 'R413-14' },
      // R413-14-1: a 5th-class contravention until the délit of L413-1 takes over.
      {
        fromExcessKmh: 50,
        offenceClass: 5,
        points: 6,
        article: 'R413-14-1',
        inForceBefore: GREAT_EXCESS_DELIT_FROM,
      },
      {
        fromExcessKmh: 50,
        offenceClass: 'DELIT',
        points: 6,
        article: 'L413-1',
        inForceFrom: GREAT_EXCESS_DELIT_FROM,
      },
    ],
  },
  {
    code: 'ALCOHOL',
    description: 'driving with a blood alcohol level at or above the threshold, or manifestly drunk',
    label: "Conduite sous l'empire d'un état alcoolique",
    article: 'R234-1',
    measure: 'ALCOHOL',
    bands: [
      // R234-1: 0.20 g/L (0.10 mg/L of air) for a probationary licence.
      {
        fromGramsPerLitre: PROBATIONARY_ALCOHOL_THRESHOLD,
        belowGramsPerLitre: FULL_LICENCE_ALCOHOL_THRESHOLD,
        probationaryOnly: true,
        offenceClass: 4,
        points: 6,
        article: 'R234-1',
        inForceFrom: PROBATIONARY_ALCOHOL_THRESHOLD_FROM,
      },
      // R234-1: 0.50 to < 0.80 g/L (0.25 to < 0.40 mg/L of air).
      {
        fromGramsPerLitre: FULL_LICENCE_ALCOHOL_THRESHOLD,
        belowGramsPerLitre: 0.8,
        probationaryOnly: false,
        offenceClass: 4,
        points: 6,
        article: 'R234-1',
      },
      // L234-1: 0.80 g/L (0.40 mg/L of air) or more is a délit.
      {
        fromGramsPerLitre: 0.8,
        probationaryOnly: false,
        offenceClass: 'DELIT',
        points: 6,
        article: 'L234-1',
      },
    ],
  },
  fixed('RED_LIGHT', 'red light not respected', 'Feu rouge non respecté', 'R412-30', 4, 4),
  fixed('STOP_SIGN', 'stop not respected', 'Arrêt au stop non respecté', 'R415-6', 4, 4),
  fixed('YIELD_SIGN', 'give-way not respected', 'Cédez-le-passage non respecté', 'R415-7', 4, 4),
  fixed(
    'PRIORITY',
    'priority not given (to the right, main road, roundabout, emergency vehicle…)',
    'Refus de priorité',
    'R415-4 to R415-12',
    4,
    4,
  ),
  fixed(
    'PEDESTRIAN_PRIORITY',
    'priority not given to a pedestrian',
    'Refus de priorité à un piéton',
    'R415-11',
    4,
    6,
  ),
  fixed(
    'PHONE_HELD',
    'phone held in the hand, or earpiece, while driving',
    "Usage d'un téléphone tenu en main ou d'une oreillette en conduisant",
    'R412-6-1',
    4,
    3,
  ),
  fixed(
    'SCREEN_IN_VIEW',
    "screen in the driver's field of view",
    'Écran dans le champ de vision du conducteur',
    'R412-6-2',
    5,
    3,
  ),
  fixed(
    'SEATBELT_DRIVER',
    'driver without seatbelt',
    'Ceinture de sécurité non bouclée par le conducteur',
    'R412-1',
    4,
    3,
  ),
  fixed('SAFETY_DISTANCE', 'safety distance not kept', 'Distance de sécurité non respectée', 'R412-12', 4, 3),
  fixed(
    'UNSAFE_OVERTAKING',
    'overtaking without the required conditions, or on the right',
    'Dépassement dangereux ou par la droite',
    'R414-4 to R414-11',
    4,
    3,
  ),
  fixed(
    'ACCELERATING_WHEN_OVERTAKEN',
    'accelerating while being overtaken',
    'Accélération en étant dépassé',
    'R414-16',
    4,
    2,
  ),
  fixed(
    'CONTINUOUS_LINE_CROSSED',
    'continuous line crossed',
    "Franchissement d'une ligne continue",
    'R412-19',
    4,
    3,
  ),
  fixed(
    'CONTINUOUS_LINE_STRADDLED',
    'continuous line straddled',
    "Chevauchement d'une ligne continue",
    'R412-19',
    4,
    1,
  ),
  fixed(
    'EMERGENCY_LANE_DRIVING',
    'driving on the emergency lane',
    "Circulation sur la bande d'arrêt d'urgence",
    'R412-8',
    4,
    3,
  ),
  fixed(
    'LEFT_SIDE_DRIVING',
    'driving on the left side of a two-way road',
    'Circulation à gauche sur une chaussée à double sens',
    'R412-9',
    4,
    3,
  ),
  fixed(
    'NO_DIRECTION_SIGNAL',
    'change of direction without signalling',
    'Changement de direction sans avertissement',
    'R412-10',
    2,
    3,
  ),
  fixed('WRONG_WAY', 'driving the wrong way', 'Circulation en sens interdit', 'R412-28', 4, 4),
  fixed(
    'NO_LIGHTS_AT_NIGHT',
    'no lights at night where unlit',
    'Circulation de nuit sans éclairage sur une route non éclairée',
    'R416-11',
    4,
    4,
  ),
  fixed('RADAR_DETECTOR', 'radar detector', "Détention ou usage d'un détecteur de radar", 'R413-15', 5, 6),
  fixed(
    'ALCOHOL_TEST_REFUSED',
    'refusal of alcohol checks',
    "Refus de se soumettre aux vérifications de l'état alcoolique",
    'L234-8',
    'DELIT',
    6,
  ),
  fixed('DRUGS', 'driving after using drugs', 'Conduite après usage de stupéfiants', 'L235-1', 'DELIT', 6),
  fixed('REFUSAL_TO_STOP', 'refusal to stop when ordered', "Refus d'obtempérer", 'L233-1', 'DELIT', 6),
  fixed(
    'DRIVING_WHILE_SUSPENDED',
    'driving despite a suspension',
    'Conduite malgré une suspension du permis de conduire',
    'L224-16',
    'DELIT',
    6,
  ),
  fixed(
    'INVOLUNTARY_INJURY',
    'involuntary homicide or injury while driving',
    "Homicide ou blessures involontaires à l'occasion de la conduite",
    'L232-3',
    'DELIT',
    6,
  ),
]);

function fixed(
  code: OffenceCode,
  description: string,
  label: string,
  article: string,
  offenceClass: OffenceClass,
  points: number,
): FixedOffenceEntry {
  return { code, description, label, article, measure: 'NONE', offenceClass, points };
}

const BY_CODE: ReadonlyMap<string, OffenceCatalogueEntry> = new Map(
  OFFENCE_CATALOGUE.map((entry) => [entry.code, entry]),
);

/** The catalogue row of an offence; `INFRACTION.UNKNOWN_OFFENCE` for a code outside the catalogue. */
export function catalogueEntry(code: OffenceCode): OffenceCatalogueEntry {
  const entry = isOffenceCode(code) ? BY_CODE.get(code) : undefined;
  if (entry === undefined) throw InfractionErrors.unknownOffence(String(code));
  return entry;
}

/** The short French label of an offence, as letters print it. */
export function describeOffence(code: OffenceCode): string {
  return catalogueEntry(code).label;
}

/** True when a band (or any dated rule) is the law on `date`. */
export function isInForce(
  band: { inForceFrom?: CalendarDate; inForceBefore?: CalendarDate },
  date: CalendarDate,
): boolean {
  return (
    (band.inForceFrom === undefined || date >= band.inForceFrom) &&
    (band.inForceBefore === undefined || date < band.inForceBefore)
  );
}

/**
 * R413-14 I: an excess below 20 km/h is a 3rd-class contravention where the limit is above 50 km/h,
 * a 4th-class one where it is 50 km/h or less.
 */
export function speedingClassBelowTwentyKmh(speedLimitKmh: number): OffenceClass {
  return speedLimitKmh > 50 ? 3 : 4;
}

/**
 * R234-1: the alcohol level from which driving is an offence — 0.50 g/L of blood, or 0.20 g/L for a
 * probationary licence (from 1 July 2015, décret n° 2015-743).
 */
export function alcoholThresholdGramsPerLitre(probationary: boolean, onDate: CalendarDate): number {
  return probationary && onDate >= PROBATIONARY_ALCOHOL_THRESHOLD_FROM
    ? PROBATIONARY_ALCOHOL_THRESHOLD
    : FULL_LICENCE_ALCOHOL_THRESHOLD;
}

/** R413-14, R413-14-1, L413-1: the band of the law in force on `onDate` holding this excess. */
export function speedingBand(retainedExcessKmh: number, onDate: CalendarDate): SpeedingBand | null {
  const entry = BY_CODE.get('SPEEDING') as SpeedingOffenceEntry;
  return (
    entry.bands.find(
      (band) =>
        isInForce(band, onDate) &&
        retainedExcessKmh >= band.fromExcessKmh &&
        (band.belowExcessKmh === undefined || retainedExcessKmh < band.belowExcessKmh),
    ) ?? null
  );
}

/**
 * R234-1, L234-1: the band of the law in force on `onDate` holding this level, or null when the
 * level is under the threshold for this licence (no offence).
 */
export function alcoholBand(
  gramsPerLitreBlood: number,
  onDate: CalendarDate,
  probationary: boolean,
): AlcoholBand | null {
  const entry = BY_CODE.get('ALCOHOL') as AlcoholOffenceEntry;
  return (
    entry.bands.find(
      (band) =>
        (probationary || !band.probationaryOnly) &&
        isInForce(band, onDate) &&
        gramsPerLitreBlood >= band.fromGramsPerLitre &&
        (band.belowGramsPerLitre === undefined || gramsPerLitreBlood < band.belowGramsPerLitre),
    ) ?? null
  );
}

const MEASURE_NAMES = {
  retainedExcessKmh: 'retained speed excess (km/h)',
  speedLimitKmh: 'speed limit (km/h)',
  alcoholGramsPerLitreBlood: 'blood alcohol level (g/L)',
} as const;
type MeasureName = keyof typeof MEASURE_NAMES;

/** Absent means undefined or null: GraphQL and JSON send null for a field left empty. */
function given(measures: OffenceMeasures | null | undefined, name: MeasureName): boolean {
  return measures?.[name] !== undefined && measures?.[name] !== null;
}

function requireMeasure(code: OffenceCode, measures: OffenceMeasures, name: MeasureName): number {
  if (!given(measures, name)) throw InfractionErrors.missingMeasure(code, MEASURE_NAMES[name]);
  return measures[name] as number;
}

function refuseMeasures(
  code: OffenceCode,
  measures: OffenceMeasures | null | undefined,
  names: readonly MeasureName[],
): void {
  const unexpected = names.find((name) => given(measures, name));
  if (unexpected !== undefined) throw InfractionErrors.unexpectedMeasure(code, MEASURE_NAMES[unexpected]);
}

function requireWholeNumberIn(name: MeasureName, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw LicenceErrors.invalid(
      name,
      `The ${MEASURE_NAMES[name]} must be a whole number from ${min} to ${max}; ${String(value)} was given.`,
    );
  }
}

function requireDate(field: string, date: CalendarDate): void {
  if (!isCalendarDate(date)) throw LicenceErrors.malformedDate(field, date);
}

function formatGrams(value: number): string {
  return value.toFixed(2);
}

/**
 * The form of the measures recorded with an infraction (offences.md), whatever the law of the day:
 * speeding needs a retained excess (whole km/h, 1 to 300) and the speed limit (whole km/h, 1 to
 * 130); alcohol needs the blood level (g/L, 0 to 10). An offence given a measure it does not take
 * is refused, so that a clerk's slip is seen.
 */
export function checkMeasuresForm(code: OffenceCode, measures: OffenceMeasures): void {
  const entry = catalogueEntry(code);
  switch (entry.measure) {
    case 'NONE':
      refuseMeasures(code, measures, ['retainedExcessKmh', 'speedLimitKmh', 'alcoholGramsPerLitreBlood']);
      return;
    case 'SPEED': {
      refuseMeasures(code, measures, ['alcoholGramsPerLitreBlood']);
      const excess = requireMeasure(code, measures, 'retainedExcessKmh');
      const limit = requireMeasure(code, measures, 'speedLimitKmh');
      requireWholeNumberIn('retainedExcessKmh', excess, 1, MEASURE_BOUNDS.maxRetainedExcessKmh);
      requireWholeNumberIn('speedLimitKmh', limit, 1, MEASURE_BOUNDS.maxSpeedLimitKmh);
      return;
    }
    case 'ALCOHOL': {
      refuseMeasures(code, measures, ['retainedExcessKmh', 'speedLimitKmh']);
      const level = requireMeasure(code, measures, 'alcoholGramsPerLitreBlood');
      if (
        typeof level !== 'number' ||
        !Number.isFinite(level) ||
        level < 0 ||
        level > MEASURE_BOUNDS.maxAlcoholGramsPerLitreBlood
      ) {
        throw LicenceErrors.invalid(
          'alcoholGramsPerLitreBlood',
          `The ${MEASURE_NAMES.alcoholGramsPerLitreBlood} must be a number from 0 to ${MEASURE_BOUNDS.maxAlcoholGramsPerLitreBlood}; ${String(level)} was given.`,
        );
      }
      return;
    }
    default:
      return assertNever(entry);
  }
}

/**
 * Checks the measures a clerk recorded with an infraction: their form (checkMeasuresForm), then
 * the law: an alcohol level must reach the threshold of R234-1 for this licence on the commission
 * date.
 */
export function validateOffenceMeasures(
  code: OffenceCode,
  measures: OffenceMeasures,
  committedOn: CalendarDate,
  probationary: boolean,
): void {
  requireDate('commission date', committedOn);
  checkMeasuresForm(code, measures);
  if (catalogueEntry(code).measure !== 'ALCOHOL') return;
  const level = measures.alcoholGramsPerLitreBlood as number;
  const threshold = alcoholThresholdGramsPerLitre(probationary, committedOn);
  if (level < threshold) {
    const licence =
      threshold === PROBATIONARY_ALCOHOL_THRESHOLD
        ? 'a probationary licence'
        : probationary
          ? `a probationary licence before ${PROBATIONARY_ALCOHOL_THRESHOLD_FROM}`
          : 'a licence that is not probationary';
    throw InfractionErrors.underThreshold(
      code,
      `a blood alcohol level of ${String(level)} g/L is under the ${formatGrams(threshold)} g/L threshold for ${licence} (R234-1).`,
    );
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled catalogue entry: ${JSON.stringify(value)}`);
}

/** The assessment under the law of one date, or null when that law sees no offence. */
function assessUnderLawOf(
  entry: OffenceCatalogueEntry,
  measures: OffenceMeasures,
  onDate: CalendarDate,
  probationary: boolean,
): OffenceAssessment | null {
  switch (entry.measure) {
    case 'NONE':
      return { points: entry.points, offenceClass: entry.offenceClass, article: entry.article };
    case 'SPEED': {
      const band = speedingBand(measures.retainedExcessKmh as number, onDate);
      if (band === null) return null;
      const offenceClass =
        band.offenceClass === 'BY_SPEED_LIMIT'
          ? speedingClassBelowTwentyKmh(measures.speedLimitKmh as number)
          : band.offenceClass;
      return { points: band.points, offenceClass, article: band.article };
    }
    case 'ALCOHOL': {
      const band = alcoholBand(measures.alcoholGramsPerLitreBlood as number, onDate, probationary);
      return band === null
        ? null
        : { points: band.points, offenceClass: band.offenceClass, article: band.article };
    }
    default:
      return assertNever(entry);
  }
}

/**
 * Points, class and article of an offence under the law in force on `onDate` (offences.md). The
 * measures are validated against that same date first, so an incomplete or under-threshold record
 * throws the same typed errors as `validateOffenceMeasures`.
 */
export function assessOffence(
  code: OffenceCode,
  measures: OffenceMeasures,
  onDate: CalendarDate,
  probationary: boolean,
): OffenceAssessment {
  validateOffenceMeasures(code, measures, onDate, probationary);
  const assessment = assessUnderLawOf(catalogueEntry(code), measures, onDate, probationary);
  if (assessment === null) {
    // Unreachable while the bands cover every validated measure; kept as a typed refusal, not a crash.
    throw InfractionErrors.underThreshold(code, `the catalogue has no band for these measures on ${onDate}.`);
  }
  return assessment;
}

/**
 * RULES §3, our reading of the more lenient law: the offence is judged by the law in force when it
 * was committed (its class and article, which decide the 2-or-3-year and 10-year rules); if the law in
 * force when it is established withdraws fewer points, that lower figure is withdrawn. The class
 * stays the commission-date class: the lenient law lowers the penalty, it does not re-qualify the act
 * (so a 50 km/h excess committed on 2025-12-28 stays a 5th-class contravention, not a délit). Only
 * these two dates are compared, as RULES §3 states; a law that would make the act no offence at all
 * by the establishment date counts as withdrawing 0 points.
 */
export function pointsForInfraction(
  code: OffenceCode,
  measures: OffenceMeasures,
  committedOn: CalendarDate,
  establishedOn: CalendarDate,
  probationary: boolean,
): OffenceAssessment {
  const atCommission = assessOffence(code, measures, committedOn, probationary);
  requireDate('establishment date', establishedOn);
  if (establishedOn < committedOn)
    throw InfractionErrors.establishedBeforeCommitted(establishedOn, committedOn);
  const atEstablishment = assessUnderLawOf(catalogueEntry(code), measures, establishedOn, probationary);
  const pointsAtEstablishment = atEstablishment === null ? 0 : atEstablishment.points;
  return pointsAtEstablishment < atCommission.points
    ? { ...atCommission, points: pointsAtEstablishment }
    : atCommission;
}
