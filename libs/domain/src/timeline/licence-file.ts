import type {
  CivilStatus,
  EstablishmentMode,
  LicenceFact,
  PostalAddress,
} from '../events/facts';
import { pointsForInfraction } from '../offences/offence-catalogue';
import type { OffenceClass, OffenceCode, OffenceMeasures } from '../offences/offence-code';
import { complementaryTrainingWindow, probationSchedule, standardProbationEnd } from '../rules/probation';
import { simultaneousCap } from '../rules/withdrawals';
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

/** A licence's facts, gathered and assessed by the catalogue: the input of the timeline. */
export interface LicenceFile {
  licenceNumber: string;
  issuedOn: CalendarDate;
  holder: CivilStatus;
  probationary: boolean;
  earlyLearning: boolean;
  openingBalance?: number;
  address?: PostalAddress;
  infractions: InfractionView[];
  courses: CourseView[];
  complementaryTrainingOn?: CalendarDate;
  /** Whether complementary training shortened probation (R223-1 II). */
  complementaryTrainingEffective: boolean;
  /** End of probation (exclusive: from that date the licence is full); null for a full licence. */
  probationEndsOn: CalendarDate | null;
  invalidationDeliveredOn?: CalendarDate;
  surrenderedOn?: CalendarDate;
  /** Letters handed to the post, by letter id: their posting date. */
  postedLetters: Record<string, CalendarDate>;
}

type RawInfraction = Omit<InfractionView, 'offenceClass' | 'points' | 'withdrawn'>;

/** True when the infraction led to a withdrawal: the test of the restoration and probation rules. */
export const ledToWithdrawal = (i: InfractionView): boolean => i.withdrawn > 0;

/**
 * Points and class under the catalogue; a record the law no longer treats as an offence (an
 * alcohol level under the threshold once probation is known to have ended) withdraws nothing.
 */
function assess(raw: RawInfraction, probationary: boolean): Pick<InfractionView, 'offenceClass' | 'points'> {
  try {
    const establishedOn = raw.establishedOn ?? raw.committedOn;
    const a = pointsForInfraction(raw.offenceCode, raw.measures, raw.committedOn, establishedOn, probationary);
    return { offenceClass: a.offenceClass, points: a.points };
  } catch {
    return { offenceClass: 4, points: 0 };
  }
}

/** Allocates each group's 8-point cap in establishment order, then recording order (R223-2). */
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
      const batch = ordered.filter((v) => v.establishedOn === date);
      const shares = simultaneousCap(withdrawnByGroup, batch.map((v) => v.points));
      batch.forEach((v, k) => (v.withdrawn = shares[k]));
      withdrawnByGroup += shares.reduce((a, b) => a + b, 0);
      i += batch.length;
    }
  }
  return views;
}

export function buildLicenceFile(facts: readonly LicenceFact[]): LicenceFile | null {
  const issued = facts.find((f) => f.type === 'LicenceIssued');
  if (!issued || issued.type !== 'LicenceIssued') return null;
  const raws = new Map<string, RawInfraction>();
  const courses: CourseView[] = [];
  let complementaryTrainingOn: CalendarDate | undefined;
  let invalidationDeliveredOn: CalendarDate | undefined;
  let surrenderedOn: CalendarDate | undefined;
  let address = issued.data.address;
  const postedLetters: Record<string, CalendarDate> = {};
  for (const fact of facts) {
    switch (fact.type) {
      case 'LicenceIssued':
        break;
      case 'InfractionRecorded': {
        const { infractionId, offenceCode, committedOn, checkId, natinf, retainedExcessKmh, speedLimitKmh, alcoholGramsPerLitreBlood } =
          fact.data;
        const measures: OffenceMeasures = {};
        if (retainedExcessKmh !== undefined) measures.retainedExcessKmh = retainedExcessKmh;
        if (speedLimitKmh !== undefined) measures.speedLimitKmh = speedLimitKmh;
        if (alcoholGramsPerLitreBlood !== undefined) measures.alcoholGramsPerLitreBlood = alcoholGramsPerLitreBlood;
        raws.set(infractionId, { infractionId, offenceCode, committedOn, checkId, natinf, measures });
        break;
      }
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
        invalidationDeliveredOn = fact.data.deliveredOn;
        break;
      case 'LicenceSurrendered':
        surrenderedOn = fact.data.surrenderedOn;
        break;
      case 'HolderAddressChanged':
        address = fact.data.address;
        break;
      case 'LetterPosted':
        postedLetters[fact.data.letterId] = fact.data.postedOn;
        break;
      default: {
        const exhaustive: never = fact;
        throw new Error(`Unknown fact ${(exhaustive as { type: string }).type}`);
      }
    }
  }
  const { licenceNumber, issuedOn, holder, probationary, earlyLearning, openingBalance } = issued.data;
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
    if (complementaryTrainingOn !== undefined) {
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
    openingBalance,
    address,
    infractions,
    courses,
    complementaryTrainingOn,
    complementaryTrainingEffective,
    probationEndsOn,
    invalidationDeliveredOn,
    surrenderedOn,
    postedLetters,
  };
}

export { complementaryTrainingWindow };
