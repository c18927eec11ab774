import type {
  CivilStatus,
  EstablishmentMode,
  InfractionRecorded,
  LicenceFact,
  LicenceIssued,
  PostalAddress,
  PreviousLicence,
} from '../events/facts';
import { isDomainError } from '../errors/domain-error';
import { UnpriceableFactError } from '../errors/unpriceable-fact-error';
import { pointsForInfraction } from '../offences/offence-catalogue';
import type { OffenceClass, OffenceCode, OffenceMeasures } from '../offences/offence-code';
import { complementaryTrainingWindow, probationSchedule, standardProbationEnd } from '../rules/probation';
import { capSharingOrder, simultaneousCap } from '../rules/withdrawals';
import type { CalendarDate } from '../values/calendar-date';

export interface InfractionView {
  infractionId: string;
  offenceCode: OffenceCode;
  committedOn: CalendarDate;
  checkId?: string;
  measures: OffenceMeasures;
  natinf?: string;
  establishedOn?: CalendarDate;
  establishedBy?: EstablishmentMode;
  cancelledOn?: CalendarDate;
  cancellationReason?: string;
  /** Class under the law at the commission date. */
  offenceClass: OffenceClass;
  /** Its own figure, the more lenient of the laws at commission and at establishment (RULES §3). */
  points: number;
  /** What it actually withdrew after the simultaneous cap; 0 unless established and not cancelled. */
  withdrawn: number;
}

export interface CourseView {
  courseId: string;
  firstDay: CalendarDate;
  lastDay: CalendarDate;
}

/**
 * A licence's facts, gathered and assessed by the catalogue: the input of the timeline. The top
 * level is the period in force (the latest issue of the number); a number issued again after an
 * invalidation keeps its earlier periods (RULES §2), each with its own facts.
 */
export interface LicenceFile extends LicencePeriod {
  /** Earlier periods of the same number, oldest first; each ended with an invalidation (RULES §2, §5). */
  earlierPeriods: LicencePeriod[];
}

/** One issue of the number and what happened until the next issue. */
export interface LicencePeriod {
  licenceNumber: string;
  issuedOn: CalendarDate;
  holder: CivilStatus;
  probationary: boolean;
  earlyLearning: boolean;
  /** A first licence (R223-1 II): only it may shorten probation by complementary training. */
  firstLicence: boolean;
  previousLicence?: PreviousLicence;
  openingBalance?: number;
  address?: PostalAddress;
  infractions: InfractionView[];
  courses: CourseView[];
  complementaryTrainingOn?: CalendarDate;
  /** Whether complementary training shortened probation (R223-1 II). */
  complementaryTrainingEffective: boolean;
  /** End of probation (exclusive: from that date the licence is full); null for a full licence. */
  probationEndsOn: CalendarDate | null;
  /** Deliveries of 48SI letters, in recording order: each refers to the 48SI pending then (RULES §5). */
  invalidationDeliveries: CalendarDate[];
  surrenderedOn?: CalendarDate;
  /** Letters handed to the post, by letter id: their posting date. */
  postedLetters: Record<string, CalendarDate>;
}

const UNDER_THRESHOLD = 'INFRACTION.UNDER_THRESHOLD';

type RawInfraction = Omit<InfractionView, 'offenceClass' | 'points' | 'withdrawn'>;

/** True when the infraction led to a withdrawal: the test of the restoration and probation rules. */
export const ledToWithdrawal = (i: InfractionView): boolean => i.withdrawn > 0;

/**
 * Points and class under the catalogue. A record the law no longer treats as an offence (an
 * alcohol level under the threshold once probation is known to have ended earlier, R234-1)
 * withdraws nothing; it keeps the class of the probationary offence it was recorded as (4th). Any
 * other refusal of the catalogue means a fact it cannot price is in the log: recording refuses
 * such a fact, so finding one is a fault, reported loudly instead of read as "0 points".
 */
function assess(raw: RawInfraction, probationary: boolean): Pick<InfractionView, 'offenceClass' | 'points'> {
  const establishedOn = raw.establishedOn ?? raw.committedOn;
  try {
    const a = pointsForInfraction(raw.offenceCode, raw.measures, raw.committedOn, establishedOn, probationary);
    return { offenceClass: a.offenceClass, points: a.points };
  } catch (error) {
    if (isDomainError(error) && error.code === UNDER_THRESHOLD) return { offenceClass: 4, points: 0 };
    throw new UnpriceableFactError(raw.infractionId, error);
  }
}

/** Allocates each group's 8-point cap in establishment order, then in the fixed order of RULES §3 (R223-2). */
function assessAll(raws: readonly RawInfraction[], isProbationaryOn: (d: CalendarDate) => boolean): InfractionView[] {
  const views: InfractionView[] = raws.map((raw) => {
    // The keys in the order `{ ...raw, ...assessment, withdrawn: 0 }` gives (the file is stored as
    // JSON: a rebuild must write the same bytes), built with one copy instead of three.
    // Object.assign rather than a spread: the same own keys in the same order, but V8 (Node 20)
    // takes a slow path for a spread copy that then gets more keys, about 5 µs per infraction.
    const { offenceClass, points } = assess(raw, isProbationaryOn(raw.committedOn));
    const view = Object.assign({}, raw) as InfractionView;
    view.offenceClass = offenceClass;
    view.points = points;
    view.withdrawn = 0;
    return view;
  });
  const groups = new Map<string, InfractionView[]>();
  for (const view of views) {
    if (!view.establishedOn || view.cancelledOn) continue;
    const key = view.checkId !== undefined ? `check:${view.checkId}` : `alone:${view.infractionId}`;
    const members = groups.get(key);
    if (members) members.push(view);
    else groups.set(key, [view]);
  }
  for (const members of groups.values()) {
    if (members.length === 1) {
      // Alone (the usual case): the cap applies to its own points only.
      members[0].withdrawn = simultaneousCap(0, [members[0].points])[0];
      continue;
    }
    const ordered = [...members].sort((a, b) => (a.establishedOn! < b.establishedOn! ? -1 : a.establishedOn! > b.establishedOn! ? 1 : 0));
    let withdrawnByGroup = 0;
    let i = 0;
    while (i < ordered.length) {
      const date = ordered[i].establishedOn;
      const batch = capSharingOrder(ordered.filter((v) => v.establishedOn === date));
      const shares = simultaneousCap(withdrawnByGroup, batch.map((v) => v.points));
      batch.forEach((v, k) => (v.withdrawn = shares[k]));
      withdrawnByGroup += shares.reduce((a, b) => a + b, 0);
      i += batch.length;
    }
  }
  return views;
}

/** The facts of one period, and what holds for every period of the number. */
interface PeriodFacts {
  issued: LicenceIssued;
  facts: LicenceFact[];
}

/**
 * The licence file of a stream: one period per issue of the number (RULES §2). A fact belongs to
 * the period its business date falls in (an establishment or a cancellation to its infraction's):
 * a period runs from its issue to the next issue.
 */
export function buildLicenceFile(facts: readonly LicenceFact[]): LicenceFile | null {
  const periods = splitIntoPeriods(facts);
  if (periods.length === 0) return null;
  let address: PostalAddress | undefined;
  const postedLetters: Record<string, CalendarDate> = {};
  for (const fact of facts) {
    if (fact.type === 'LicenceIssued' && fact.data.address !== undefined) address = fact.data.address;
    else if (fact.type === 'HolderAddressChanged') address = fact.data.address;
    else if (fact.type === 'LetterPosted' && postedLetters[fact.data.letterId] === undefined) postedLetters[fact.data.letterId] = fact.data.postedOn;
  }
  const built = periods.map((period) => buildPeriod(period, address, postedLetters));
  return Object.assign(built[built.length - 1], { earlierPeriods: built.slice(0, -1) });
}

function splitIntoPeriods(facts: readonly LicenceFact[]): PeriodFacts[] {
  const periods: PeriodFacts[] = [];
  for (const fact of facts) if (fact.type === 'LicenceIssued') periods.push({ issued: fact, facts: [] });
  if (periods.length === 0) return periods;
  const periodOn = (date: CalendarDate): PeriodFacts => {
    let found = periods[0];
    for (const period of periods) if (period.issued.data.issuedOn <= date) found = period;
    return found;
  };
  const byInfraction = new Map<string, PeriodFacts>();
  for (const fact of facts) {
    switch (fact.type) {
      case 'LicenceIssued':
      case 'HolderAddressChanged':
      case 'LetterPosted':
        break; // the issue opens its period; the address and the postings hold for all of them
      case 'InfractionRecorded': {
        const period = periodOn(fact.data.committedOn);
        byInfraction.set(fact.data.infractionId, period);
        period.facts.push(fact);
        break;
      }
      case 'InfractionEstablished':
      case 'InfractionCancelled':
        (byInfraction.get(fact.data.infractionId) ?? periods[periods.length - 1]).facts.push(fact);
        break;
      case 'TrainingCourseCompleted':
        periodOn(fact.data.firstDay).facts.push(fact);
        break;
      case 'ComplementaryTrainingCompleted':
        periodOn(fact.data.completedOn).facts.push(fact);
        break;
      case 'InvalidationLetterDelivered':
        periodOn(fact.data.deliveredOn).facts.push(fact);
        break;
      case 'LicenceSurrendered':
        periodOn(fact.data.surrenderedOn).facts.push(fact);
        break;
      default: {
        const exhaustive: never = fact;
        throw new Error(`Unknown fact ${(exhaustive as { type: string }).type}`);
      }
    }
  }
  return periods;
}

function buildPeriod(
  { issued, facts }: PeriodFacts,
  address: PostalAddress | undefined,
  postedLetters: Record<string, CalendarDate>,
): LicencePeriod {
  const raws = new Map<string, RawInfraction>();
  const courses: CourseView[] = [];
  let complementaryTrainingOn: CalendarDate | undefined;
  const invalidationDeliveries: CalendarDate[] = [];
  let surrenderedOn: CalendarDate | undefined;
  for (const fact of facts) {
    switch (fact.type) {
      case 'InfractionRecorded':
        raws.set(fact.data.infractionId, rawInfraction(fact));
        break;
      case 'InfractionEstablished': {
        const raw = raws.get(fact.data.infractionId);
        if (raw) Object.assign(raw, { establishedOn: fact.data.establishedOn, establishedBy: fact.data.mode });
        break;
      }
      case 'InfractionCancelled': {
        const raw = raws.get(fact.data.infractionId);
        if (raw) Object.assign(raw, { cancelledOn: fact.data.cancelledOn, cancellationReason: fact.data.reason });
        break;
      }
      case 'TrainingCourseCompleted':
        courses.push({ ...fact.data });
        break;
      case 'ComplementaryTrainingCompleted':
        complementaryTrainingOn = fact.data.completedOn;
        break;
      case 'InvalidationLetterDelivered':
        invalidationDeliveries.push(fact.data.deliveredOn);
        break;
      case 'LicenceSurrendered':
        surrenderedOn = fact.data.surrenderedOn;
        break;
      default:
        break; // split by splitIntoPeriods: no other fact reaches a period
    }
  }
  const { licenceNumber, issuedOn, holder, probationary, earlyLearning, openingBalance, firstLicence, previousLicence } = issued.data;
  const rawList = [...raws.values()];
  let probationEndsOn: CalendarDate | null = null;
  let complementaryTrainingEffective = false;
  let infractions: InfractionView[];
  let provisional: InfractionView[] | undefined;
  if (!probationary) {
    infractions = assessAll(rawList, () => false);
  } else {
    const standardEnd = standardProbationEnd(issuedOn, earlyLearning);
    probationEndsOn = standardEnd;
    if (complementaryTrainingOn !== undefined && firstLicence) {
      // The shortened probation holds only if no withdrawal-causing infraction is committed before
      // its end (R223-1 II); infractions committed before that end are probationary either way.
      const shortEnd = probationSchedule(issuedOn, earlyLearning, true).endsOn;
      provisional = assessAll(rawList, (d) => d < shortEnd);
      complementaryTrainingEffective = !provisional.some((i) => ledToWithdrawal(i) && i.committedOn < shortEnd);
      if (complementaryTrainingEffective) probationEndsOn = shortEnd;
    }
    const end = probationEndsOn;
    // With the shortened probation in force, the provisional assessment was already made with it.
    infractions = complementaryTrainingEffective && provisional !== undefined ? provisional : assessAll(rawList, (d) => d < end);
  }
  return {
    licenceNumber,
    issuedOn,
    holder,
    probationary,
    earlyLearning,
    firstLicence,
    previousLicence,
    openingBalance,
    address,
    infractions,
    courses,
    complementaryTrainingOn,
    complementaryTrainingEffective,
    probationEndsOn,
    invalidationDeliveries,
    surrenderedOn,
    postedLetters,
  };
}

function rawInfraction(fact: InfractionRecorded): RawInfraction {
  const { infractionId, offenceCode, committedOn, checkId, natinf, retainedExcessKmh, speedLimitKmh, alcoholGramsPerLitreBlood } = fact.data;
  const measures: OffenceMeasures = {};
  if (retainedExcessKmh !== undefined) measures.retainedExcessKmh = retainedExcessKmh;
  if (speedLimitKmh !== undefined) measures.speedLimitKmh = speedLimitKmh;
  if (alcoholGramsPerLitreBlood !== undefined) measures.alcoholGramsPerLitreBlood = alcoholGramsPerLitreBlood;
  return { infractionId, offenceCode, committedOn, checkId, natinf, measures };
}

export { complementaryTrainingWindow };
