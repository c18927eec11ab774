import type { LicenceDecision, PointsWithdrawn } from '../events/decisions';
import type { LicenceFact } from '../events/facts';
import { FULL_CAPITAL, initialCeiling } from '../rules/capital';
import { nilBalance } from '../rules/invalidation';
import { probationSchedule, probationStepEarned, type ProbationStep } from '../rules/probation';
import {
  fullRestorationBlocked,
  fullRestorationDate,
  lengthensFullRestoration,
  restorationWithinCeiling,
  sixMonthRestorationBlocked,
  sixMonthRestorationDate,
  tenYearRestorationApplies,
  tenYearRestorationDate,
} from '../rules/restorations';
import { courseAllowedAfter, courseCredit, courseCreditDate } from '../rules/training-course';
import { addDays, type CalendarDate } from '../values/calendar-date';
import { DecisionIds } from './decision-ids';
import { buildLicenceFile, ledToWithdrawal, type CourseView, type InfractionView, type LicenceFile, type LicencePeriod } from './licence-file';

interface PendingRestoration {
  infractionId: string;
  establishedOn: CalendarDate;
  dueOn: CalendarDate;
  /** Ten years: what the infraction withdrew and has not been given back for it yet. */
  remaining: number;
}

/**
 * timeline(facts, asOf): every decision the law derives from the facts, dated, up to asOf (RULES
 * §1). Pure: the same facts always give the same decisions, whatever the day it is computed.
 * Late facts are taken for what they say ("knowing what we know now").
 */
export function timeline(facts: readonly LicenceFact[], asOf: CalendarDate): LicenceDecision[] {
  const file = buildLicenceFile(facts);
  return file ? computeTimeline(file, asOf) : [];
}

/** Far enough for every waiting period to end: the walk stops by itself when nothing is left to happen. */
export const END_OF_TIME: CalendarDate = '9999-12-31';

/**
 * The whole timeline, up to `until` (by default, until nothing more can happen): each period of the
 * number in turn (RULES §2), an earlier one ending the day before the next issue at the latest.
 */
export function computeTimeline(file: LicenceFile, until: CalendarDate = END_OF_TIME): LicenceDecision[] {
  const periods = licencePeriods(file);
  return periods.flatMap((period, k) => {
    const next = periods[k + 1];
    const periodUntil = next === undefined || until < next.issuedOn ? until : addDays(next.issuedOn, -1);
    return new TimelineRun(period).run(periodUntil);
  });
}

/** Every period of the number, oldest first, the one in force last. */
export function licencePeriods(file: LicenceFile): LicencePeriod[] {
  return [...file.earlierPeriods, file];
}

/** What a full restoration due on a day runs from, read before that day's withdrawals move it. */
interface FullRestorationDue {
  since: CalendarDate;
  severe: boolean;
}

/** Walks the licence's life from one date where something may happen to the next. */
class TimelineRun {
  private raw: number;
  private ceiling: number;
  private inProbation: boolean;
  private lastEstablishedOn: CalendarDate | undefined;
  /** The establishment whose full-restoration candidate has been settled. */
  private fullRestorationSettledFor: CalendarDate | undefined;
  /** A délit or 4th/5th-class withdrawal since the issue or the last full restoration (L223-6). */
  private severeSinceLastFull = false;
  private lastCreditedCourseLastDay: CalendarDate | undefined;
  private invalidated = false;
  private sixMonths: PendingRestoration[] = [];
  private tenYears: PendingRestoration[] = [];
  private readonly decisions: LicenceDecision[] = [];
  /** The day's withdrawals, whose 48SI waits for the day's final balance. */
  private todaysWithdrawals: PointsWithdrawn[] = [];

  private readonly steps: ProbationStep[];
  private readonly withdrawing: InfractionView[];
  private readonly commissionDates: CalendarDate[];
  private readonly establishmentsByDate = new Map<CalendarDate, InfractionView[]>();
  private readonly coursesByCreditDate = new Map<CalendarDate, CourseView[]>();
  private readonly fixedDates: CalendarDate[];
  /** Index of the first fixed date not yet passed by the walk. */
  private fixedCursor = 0;

  /** An imported probationary balance below its ceiling: no increment is earned (RULES §2). */
  private readonly importedBelowCeiling: boolean;

  constructor(private readonly file: LicencePeriod) {
    this.ceiling = initialCeiling(file.probationary);
    this.raw = file.openingBalance ?? this.ceiling;
    this.inProbation = file.probationary;
    this.steps = file.probationary
      ? probationSchedule(file.issuedOn, file.earlyLearning, file.complementaryTrainingEffective).steps
      : [];
    this.withdrawing = file.infractions.filter(ledToWithdrawal);
    this.commissionDates = this.withdrawing.map((i) => i.committedOn);
    for (const infraction of this.withdrawing) {
      const on = infraction.establishedOn!;
      const onThatDay = this.establishmentsByDate.get(on);
      if (onThatDay) onThatDay.push(infraction);
      else this.establishmentsByDate.set(on, [infraction]);
    }
    const courses = file.courses.length > 1 ? [...file.courses].sort((a, b) => (a.firstDay < b.firstDay ? -1 : 1)) : file.courses;
    for (const course of courses) {
      const on = courseCreditDate(course.lastDay);
      const onThatDay = this.coursesByCreditDate.get(on);
      if (onThatDay) onThatDay.push(course);
      else this.coursesByCreditDate.set(on, [course]);
    }
    // An imported balance below the ceiling has an unknown history: our reading is that it comes
    // back through the full restoration, counted from the import, with the longer period. On a
    // probationary licence it also means a withdrawal-causing infraction during probation: no
    // further increment, and 12 only through §4.1 once probation is over (RULES §2).
    this.importedBelowCeiling = file.openingBalance !== undefined && file.openingBalance < this.ceiling;
    if (this.importedBelowCeiling) {
      this.lastEstablishedOn = file.issuedOn;
      this.severeSinceLastFull = true;
    }
    const dates = new Set<CalendarDate>([
      ...this.establishmentsByDate.keys(),
      ...this.coursesByCreditDate.keys(),
      ...this.steps.map((s) => s.date),
    ]);
    for (const deliveredOn of file.invalidationDeliveries) dates.add(deliveredOn);
    this.fixedDates = [...dates].sort();
  }

  run(until: CalendarDate): LicenceDecision[] {
    let day = this.nextDate(addDays(this.file.issuedOn, -1));
    while (day !== undefined && day <= until && !this.invalidated) {
      // RULES §1, within one day: the probation step, then the withdrawals, then the restorations
      // and course credits (so that a credit is not lost to the ceiling), then the invalidation
      // test on the day's final raw balance.
      this.probationStepOn(day);
      const fullDue = this.fullRestorationDueOn(day);
      this.withdrawalsOn(day);
      this.fullRestorationOn(day, fullDue);
      this.sixMonthRestorationsOn(day);
      this.tenYearRestorationsOn(day);
      this.coursesOn(day);
      this.invalidationOn(day);
      day = this.nextDate(day);
    }
    return this.decisions;
  }

  /**
   * The first date after `after` where something may happen. Called with an increasing `after`
   * (the walk only goes forward), so the sorted fixed dates are read from a cursor.
   */
  private nextDate(after: CalendarDate): CalendarDate | undefined {
    const fixed = this.fixedDates;
    while (this.fixedCursor < fixed.length && fixed[this.fixedCursor] <= after) this.fixedCursor++;
    let next: CalendarDate | undefined = this.fixedCursor < fixed.length ? fixed[this.fixedCursor] : undefined;
    const full = this.pendingFullRestorationDate();
    if (full !== undefined && full > after && (next === undefined || full < next)) next = full;
    for (const pending of this.sixMonths) {
      if (pending.dueOn > after && (next === undefined || pending.dueOn < next)) next = pending.dueOn;
    }
    for (const pending of this.tenYears) {
      if (pending.dueOn > after && (next === undefined || pending.dueOn < next)) next = pending.dueOn;
    }
    return next;
  }

  private pendingFullRestorationDate(): CalendarDate | undefined {
    if (this.lastEstablishedOn === undefined || this.fullRestorationSettledFor === this.lastEstablishedOn) return undefined;
    return fullRestorationDate(this.lastEstablishedOn, this.severeSinceLastFull);
  }

  /** Increments and the end of probation (L223-1, R223-1 II). */
  private probationStepOn(day: CalendarDate): void {
    const step = this.steps.find((s) => s.date === day);
    if (!step || !this.inProbation) return;
    const earned = !this.importedBelowCeiling && probationStepEarned(this.file.issuedOn, day, this.commissionDates);
    if (!step.isEnd) {
      if (!earned) return;
      const points = step.ceilingAfter - this.ceiling;
      this.ceiling = step.ceilingAfter;
      this.raw += points;
      this.emit({
        type: 'ProbationIncrementGranted',
        data: { decisionId: DecisionIds.probationIncrement(day, points, this.ceiling), effectiveOn: day, points, ...this.after() },
      });
      return;
    }
    this.inProbation = false;
    this.ceiling = FULL_CAPITAL;
    let points = 0;
    if (earned) {
      points = FULL_CAPITAL - this.raw;
    } else if (this.fullRestorationElapsedBy(day)) {
      // Our reading of L223-1 last ¶: a waiting period already over when probation ends brings the
      // licence to 12 on that day; it counts as the full restoration.
      points = Math.max(0, FULL_CAPITAL - this.raw);
      this.settleFullRestoration(day);
    }
    this.raw += points;
    this.emit({
      type: 'ProbationEnded',
      data: { decisionId: DecisionIds.probationEnd(day, points), effectiveOn: day, points, ...this.after() },
    });
  }

  private fullRestorationElapsedBy(day: CalendarDate): boolean {
    if (this.lastEstablishedOn === undefined) return false;
    const due = fullRestorationDate(this.lastEstablishedOn, this.severeSinceLastFull);
    return due <= day && !fullRestorationBlocked(this.lastEstablishedOn, due, this.commissionDates);
  }

  private fullRestorationDueOn(day: CalendarDate): FullRestorationDue | undefined {
    if (this.inProbation || this.pendingFullRestorationDate() !== day) return undefined;
    return { since: this.lastEstablishedOn!, severe: this.severeSinceLastFull };
  }

  /**
   * Full restoration after 2 or 3 years without a new withdrawal-causing infraction (L223-6 ¶1–2).
   * It runs after the day's withdrawals (RULES §1) and returns the licence to its ceiling, so it
   * gives back a withdrawal established that same day for an infraction committed before the period.
   */
  private fullRestorationOn(day: CalendarDate, due: FullRestorationDue | undefined): void {
    if (due === undefined) return;
    const { since } = due;
    this.fullRestorationSettledFor = since;
    if (fullRestorationBlocked(since, day, this.commissionDates)) return;
    const periodMonths = due.severe ? 36 : 24;
    // "Returns to its ceiling": from the raw balance, however far below zero it went (L223-6 ¶1).
    const points = Math.max(0, this.ceiling - this.raw);
    this.settleFullRestoration(day);
    if (points === 0) return; // at the ceiling: nothing recorded, but it still counts (our reading, RULES §4.1)
    this.raw += points;
    this.emit({
      type: 'PointsRestored',
      data: {
        decisionId: DecisionIds.restoration('FULL', day, points),
        effectiveOn: day,
        kind: 'FULL',
        points,
        sinceEstablishedOn: since,
        periodMonths,
        ...this.after(),
      },
    });
  }

  /** A full restoration gives back everything withdrawn before it and restarts the 3-year test. */
  private settleFullRestoration(day: CalendarDate): void {
    this.fullRestorationSettledFor = this.lastEstablishedOn;
    this.severeSinceLastFull = false;
    this.tenYears = this.tenYears.filter((p) => p.establishedOn > day);
  }

  /** One point back six months after its establishment (L223-6 ¶3; CE 4 Dec 2017, n° 402423). */
  private sixMonthRestorationsOn(day: CalendarDate): void {
    if (!this.sixMonths.some((p) => p.dueOn === day)) return;
    for (const pending of this.sixMonths.filter((p) => p.dueOn === day)) {
      this.sixMonths = this.sixMonths.filter((p) => p !== pending);
      const others = this.withdrawing.filter((i) => i.infractionId !== pending.infractionId).map((i) => i.committedOn);
      if (sixMonthRestorationBlocked(pending.establishedOn, day, others)) continue;
      const points = restorationWithinCeiling(this.raw, this.ceiling, 1);
      if (points === 0) continue;
      this.raw += points;
      const tenYear = this.tenYears.find((p) => p.infractionId === pending.infractionId);
      if (tenYear) tenYear.remaining -= points;
      this.emit({
        type: 'PointsRestored',
        data: {
          decisionId: DecisionIds.restoration('SIX_MONTHS', day, points, pending.infractionId),
          effectiveOn: day,
          kind: 'SIX_MONTHS',
          points,
          infractionId: pending.infractionId,
          sinceEstablishedOn: pending.establishedOn,
          periodMonths: 6,
          ...this.after(),
        },
      });
    }
  }

  /** Points of a 1st- to 4th-class contravention back after ten years (L223-6 ¶5). */
  private tenYearRestorationsOn(day: CalendarDate): void {
    if (!this.tenYears.some((p) => p.dueOn === day)) return;
    for (const pending of this.tenYears.filter((p) => p.dueOn === day)) {
      this.tenYears = this.tenYears.filter((p) => p !== pending);
      const points = restorationWithinCeiling(this.raw, this.ceiling, pending.remaining);
      if (points === 0) continue;
      this.raw += points;
      this.emit({
        type: 'PointsRestored',
        data: {
          decisionId: DecisionIds.restoration('TEN_YEARS', day, points, pending.infractionId),
          effectiveOn: day,
          kind: 'TEN_YEARS',
          points,
          infractionId: pending.infractionId,
          sinceEstablishedOn: pending.establishedOn,
          periodMonths: 120,
          ...this.after(),
        },
      });
    }
  }

  /** +4 the day after a course, once a year, within the ceiling (L223-6 ¶4, R223-8). */
  private coursesOn(day: CalendarDate): void {
    const courses = this.coursesByCreditDate.get(day);
    if (courses === undefined) return;
    for (const course of courses) {
      if (!courseAllowedAfter(this.lastCreditedCourseLastDay, course.firstDay)) continue;
      const points = courseCredit(this.raw, this.ceiling);
      if (points === 0) continue; // a course that credits nothing does not count as the year's course
      this.raw += points;
      this.lastCreditedCourseLastDay = course.lastDay;
      this.emit({
        type: 'TrainingCourseCredited',
        data: { decisionId: DecisionIds.course(day, course.courseId, points), effectiveOn: day, courseId: course.courseId, points, ...this.after() },
      });
    }
  }

  /** Withdrawals on establishment; one check's infractions established together are one (L223-1, R223-2). */
  private withdrawalsOn(day: CalendarDate): void {
    const established = this.establishmentsByDate.get(day);
    if (established === undefined) return;
    const batches = new Map<string, InfractionView[]>();
    for (const infraction of established) {
      const key = infraction.checkId !== undefined ? `check:${infraction.checkId}` : `alone:${infraction.infractionId}`;
      const batch = batches.get(key);
      if (batch) batch.push(infraction);
      else batches.set(key, [infraction]);
    }
    this.todaysWithdrawals = [];
    for (const batch of batches.values()) {
      const points = batch.reduce((sum, i) => sum + i.withdrawn, 0);
      const infractionIds = batch.map((i) => i.infractionId);
      const probationary = this.inProbation;
      const committedInProbation = batch.filter((i) => this.committedInProbation(i)).map((i) => i.infractionId);
      this.raw -= points;
      this.lastEstablishedOn = day;
      for (const infraction of batch) {
        if (lengthensFullRestoration(infraction.offenceClass)) this.severeSinceLastFull = true;
        // An infraction "that withdrew one point" is a one-point offence, not a share left under
        // the simultaneous cap (RULES §9 E4: no six-month restoration there).
        if (infraction.withdrawn === 1 && infraction.points === 1) {
          this.sixMonths.push({ infractionId: infraction.infractionId, establishedOn: day, dueOn: sixMonthRestorationDate(day), remaining: 1 });
        }
        if (tenYearRestorationApplies(infraction.offenceClass)) {
          this.tenYears.push({
            infractionId: infraction.infractionId,
            establishedOn: day,
            dueOn: tenYearRestorationDate(day),
            remaining: infraction.withdrawn,
          });
        }
      }
      const withdrawal: PointsWithdrawn = {
        type: 'PointsWithdrawn',
        data: {
          decisionId: DecisionIds.withdrawal(day, infractionIds, points),
          effectiveOn: day,
          infractionIds,
          pointsByInfraction: Object.fromEntries(batch.map((i) => [i.infractionId, i.withdrawn])),
          points,
          probationary,
          committedInProbation,
          ...this.after(),
          nilBalance: nilBalance(this.raw), // settled at the end of the day (invalidationOn)
        },
      };
      this.todaysWithdrawals.push(withdrawal);
      this.emit(withdrawal);
    }
  }

  /** RULES §6: the 48N looks at the commission date, inside the probation this period had. */
  private committedInProbation(infraction: InfractionView): boolean {
    const endsOn = this.file.probationEndsOn;
    return endsOn !== null && infraction.committedOn >= this.file.issuedOn && infraction.committedOn < endsOn;
  }

  /**
   * The invalidation takes effect when a 48SI letter is delivered, if the balance is still nil on
   * that day's final balance (L223-5, RULES §1). A delivery whose nil balance was defeated meanwhile
   * (a course completed before it, a cancellation) does nothing: a later nil balance is a new 48SI
   * and a new delivery (RULES §5).
   */
  private invalidationOn(day: CalendarDate): void {
    // RULES §1: the invalidation test reads the day's final raw balance. A withdrawal to 0 or below
    // that a credit of the same day lifted back above 0 calls for no 48SI (RULES §5, §6).
    if (this.todaysWithdrawals.length > 0) {
      const dayEndsNil = nilBalance(this.raw);
      for (const w of this.todaysWithdrawals) w.data.nilBalance = dayEndsNil && nilBalance(w.data.rawBalanceAfter);
      this.todaysWithdrawals = [];
    }
    if (!this.file.invalidationDeliveries.includes(day) || !nilBalance(this.raw)) return;
    this.invalidated = true;
    this.emit({ type: 'LicenceInvalidated', data: { decisionId: DecisionIds.invalidation(day), effectiveOn: day, ...this.after() } });
  }

  private after(): { rawBalanceAfter: number; capitalAfter: number } {
    return { rawBalanceAfter: this.raw, capitalAfter: this.ceiling };
  }

  private emit(decision: LicenceDecision): void {
    this.decisions.push(decision);
  }
}


