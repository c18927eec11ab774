import type { LicenceDecision } from '../events/decisions';
import type { LicenceFact } from '../events/facts';
import { displayedBalance, initialCeiling } from '../rules/capital';
import { newLicenceAllowedFrom } from '../rules/invalidation';
import { probationSchedule } from '../rules/probation';
import { addYears, type CalendarDate } from '../values/calendar-date';
import { buildLicenceFile, type LicenceFile, type LicencePeriod } from './licence-file';
import { computeTimeline, licencePeriods } from './timeline';

export type LicenceStatus = 'VALID' | 'INVALIDATION_PENDING' | 'INVALIDATED';

export interface ProbationView {
  startedOn: CalendarDate;
  endsOn: CalendarDate;
  earlyLearning: boolean;
  complementaryTraining: boolean;
}

/**
 * The licence as the law sees it on a date, knowing every fact recorded so far (RULES §1): the
 * balance and status are those of the period in force that day (RULES §2).
 */
export interface LicenceSituation {
  asOf: CalendarDate;
  file: LicenceFile;
  rawPoints: number;
  /** Displayed balance: never below 0. */
  points: number;
  capital: number;
  status: LicenceStatus;
  invalidatedOn: CalendarDate | null;
  newLicenceAllowedFrom: CalendarDate | null;
  probation: ProbationView | null;
  /** Decisions dated on or before asOf, in order, over every period of the number (RULES §2). */
  decisions: LicenceDecision[];
  /** Decisions of the period in force after asOf that happen if no new infraction is committed. */
  upcoming: LicenceDecision[];
}

/** How far ahead upcoming restorations are looked for: beyond the longest period (ten years). */
export const UPCOMING_HORIZON_YEARS = 11;

export function situationAt(facts: readonly LicenceFact[], asOf: CalendarDate): LicenceSituation | null {
  const file = buildLicenceFile(facts);
  return file ? situationOf(file, asOf) : null;
}

export function situationOf(file: LicenceFile, asOf: CalendarDate): LicenceSituation {
  return situationFrom(file, computeTimeline(file, addYears(asOf, UPCOMING_HORIZON_YEARS)), asOf);
}

/**
 * The situation read from a timeline computed beforehand (the read model stores the whole
 * timeline, so that a balance on any date is a lookup, not a recomputation).
 */
export function situationFrom(file: LicenceFile, all: readonly LicenceDecision[], asOf: CalendarDate): LicenceSituation {
  const periods = licencePeriods(file);
  const k = periodIndexOn(periods, asOf);
  const period = periods[k];
  const nextIssuedOn = periods[k + 1]?.issuedOn;
  const ofPeriod = (d: LicenceDecision) => d.data.effectiveOn >= period.issuedOn && (nextIssuedOn === undefined || d.data.effectiveOn < nextIssuedOn);
  const decisions = all.filter((d) => d.data.effectiveOn <= asOf);
  const horizon = addYears(asOf, UPCOMING_HORIZON_YEARS);
  const upcoming = all.filter((d) => d.data.effectiveOn > asOf && d.data.effectiveOn <= horizon && ofPeriod(d));
  const inPeriod = decisions.filter(ofPeriod);
  const last = inPeriod[inPeriod.length - 1];
  const ceiling = initialCeiling(period.probationary);
  const rawPoints = last ? last.data.rawBalanceAfter : openingRawBalance(period);
  const capital = last ? last.data.capitalAfter : ceiling;
  const invalidation = inPeriod.find((d) => d.type === 'LicenceInvalidated');
  const invalidatedOn = invalidation ? invalidation.data.effectiveOn : null;
  const status: LicenceStatus = invalidatedOn ? 'INVALIDATED' : rawPoints <= 0 ? 'INVALIDATION_PENDING' : 'VALID';
  const surrendered = invalidatedOn && period.surrenderedOn && period.surrenderedOn <= asOf ? period.surrenderedOn : null;
  return {
    asOf,
    file,
    rawPoints,
    points: displayedBalance(rawPoints),
    capital,
    status,
    invalidatedOn,
    newLicenceAllowedFrom:
      surrendered && invalidatedOn ? newLicenceAllowedFrom(surrendered, invalidatedOn, earlierInvalidations(periods, k, all)) : null,
    probation: probationOf(period, asOf),
    decisions,
    upcoming: invalidatedOn ? [] : upcoming,
  };
}

/** The raw balance a period starts with: its imported balance, else its ceiling (R223-1). */
export function openingRawBalance(period: LicencePeriod): number {
  return period.openingBalance ?? initialCeiling(period.probationary);
}

/** The period in force on a date: the latest issued on or before it (the first before any issue). */
function periodIndexOn(periods: readonly LicencePeriod[], asOf: CalendarDate): number {
  let k = 0;
  periods.forEach((period, i) => {
    if (period.issuedOn <= asOf) k = i;
  });
  return k;
}

/**
 * The nil-balance invalidations that took effect before period k's: on this number's earlier
 * periods, and on the earlier numbers its issues named (RULES §5, L223-5 II).
 */
function earlierInvalidations(periods: readonly LicencePeriod[], k: number, all: readonly LicenceDecision[]): CalendarDate[] {
  const start = periods[k].issuedOn;
  const onThisNumber = all.filter((d) => d.type === 'LicenceInvalidated' && d.data.effectiveOn < start).map((d) => d.data.effectiveOn);
  const onEarlierNumbers = periods.slice(0, k + 1).flatMap((p) => p.previousLicence?.invalidatedOn ?? []);
  return [...onEarlierNumbers, ...onThisNumber];
}

/** The probation in force on asOf, if any. */
function probationOf(file: LicencePeriod, asOf: CalendarDate): ProbationView | null {
  if (!file.probationary || file.probationEndsOn === null || asOf >= file.probationEndsOn || asOf < file.issuedOn) return null;
  const schedule = probationSchedule(file.issuedOn, file.earlyLearning, file.complementaryTrainingEffective);
  return {
    startedOn: schedule.startedOn,
    endsOn: schedule.endsOn,
    earlyLearning: file.earlyLearning,
    complementaryTraining: file.complementaryTrainingEffective,
  };
}
