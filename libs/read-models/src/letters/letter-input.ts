import {
  buildLicenceFile,
  letterFor,
  severeSinceLastFullRestoration,
  situationAt,
  type CalendarDate,
  type DecisionReversed,
  type InfractionView,
  type LicenceDecision,
  type LicenceFile,
} from '@ledger/domain';
import type {
  InvalidationRecap,
  LetterCause,
  LetterInfraction,
  LetterInput,
  RecapMovement,
} from '@ledger/letters';
import { lastFullRestoration, type LetterLicenceMemory, type Movement } from './letter-licence-memory';

/** An infraction of the file as a letter names it (undefined fields left out: canonical JSON). */
export function letterInfraction(view: InfractionView, points?: number): LetterInfraction {
  const infraction: LetterInfraction = {
    infractionId: view.infractionId,
    offenceCode: view.offenceCode,
    offenceClass: view.offenceClass,
    committedOn: view.committedOn,
  };
  if (view.establishedOn !== undefined) infraction.establishedOn = view.establishedOn;
  if (view.establishedBy !== undefined) infraction.establishedBy = view.establishedBy;
  if (view.cancelledOn !== undefined) infraction.cancelledOn = view.cancelledOn;
  if (points !== undefined) infraction.points = points;
  infraction.offencePoints = view.points;
  if (view.measures.retainedExcessKmh !== undefined)
    infraction.retainedExcessKmh = view.measures.retainedExcessKmh;
  if (view.measures.speedLimitKmh !== undefined) infraction.speedLimitKmh = view.measures.speedLimitKmh;
  if (view.measures.alcoholGramsPerLitreBlood !== undefined)
    infraction.alcoholGramsPerLitreBlood = view.measures.alcoholGramsPerLitreBlood;
  return infraction;
}

function infractionsOf(
  file: LicenceFile,
  ids: readonly string[],
  points?: Record<string, number>,
): LetterInfraction[] {
  return ids.flatMap((id) => {
    const view = file.infractions.find((i) => i.infractionId === id);
    return view ? [letterInfraction(view, points?.[id])] : [];
  });
}

const RECAP_KINDS: Record<Movement['type'], RecapMovement['kind']> = {
  PointsWithdrawn: 'WITHDRAWAL',
  PointsRestored: 'RESTORATION',
  TrainingCourseCredited: 'COURSE',
  ProbationIncrementGranted: 'PROBATION',
  ProbationEnded: 'PROBATION',
  LicenceInvalidated: 'WITHDRAWAL',
};

/** The recorded movements since the last full restoration, up to `until`, in date order. */
function standingMovements(
  memory: LetterLicenceMemory,
  until: CalendarDate,
): { since?: Movement; movements: Movement[] } {
  const since = lastFullRestoration(memory, until);
  const movements = memory.movements
    .map((movement, index) => ({ movement, index }))
    .filter(
      ({ movement }) =>
        movement !== since &&
        movement.effectiveOn <= until &&
        (!since || movement.effectiveOn >= since.effectiveOn),
    )
    .sort((a, b) =>
      a.movement.effectiveOn < b.movement.effectiveOn
        ? -1
        : a.movement.effectiveOn > b.movement.effectiveOn
          ? 1
          : a.index - b.index,
    )
    .map(({ movement }) => movement);
  return { since, movements };
}

/** The withdrawals and credits that led to zero, for the 48SI (R223-3). */
function invalidationRecap(
  memory: LetterLicenceMemory,
  file: LicenceFile,
  withdrawal: Extract<LicenceDecision, { type: 'PointsWithdrawn' }>,
): InvalidationRecap {
  const { since, movements } = standingMovements(memory, withdrawal.data.effectiveOn);
  const total = movements.reduce((sum, m) => sum + m.change, 0);
  return {
    since: since
      ? { on: since.effectiveOn, event: 'FULL_RESTORATION' }
      : { on: file.issuedOn, event: 'ISSUE' },
    startingRawBalance: withdrawal.data.rawBalanceAfter - total,
    movements: movements.map((m) => ({
      effectiveOn: m.effectiveOn,
      kind: RECAP_KINDS[m.type],
      change: m.change,
      infractions: m.type === 'PointsWithdrawn' ? infractionsOf(file, m.infractionIds) : [],
    })),
  };
}

function causeOf(
  event: LicenceDecision | DecisionReversed,
  reference: LetterInput['reference'],
  memory: LetterLicenceMemory,
  file: LicenceFile,
  reversed: Movement | undefined,
): LetterCause {
  switch (event.type) {
    case 'PointsWithdrawn': {
      const d = event.data;
      const infractions = infractionsOf(file, d.infractionIds, d.pointsByInfraction);
      // L223-6 as the domain computes it (once, there): no rule re-derived here.
      const severe = severeSinceLastFullRestoration(file, d.effectiveOn);
      return {
        kind: 'WITHDRAWAL',
        effectiveOn: d.effectiveOn,
        points: d.points,
        rawBalanceAfter: d.rawBalanceAfter,
        capitalAfter: d.capitalAfter,
        probationary: d.probationary,
        infractions,
        severeSinceLastFullRestoration: severe,
        ...(reference === '48SI' ? { recap: invalidationRecap(memory, file, event) } : {}),
      };
    }
    case 'PointsRestored': {
      const d = event.data;
      const common = {
        effectiveOn: d.effectiveOn,
        points: d.points,
        rawBalanceAfter: d.rawBalanceAfter,
        capitalAfter: d.capitalAfter,
        sinceEstablishedOn: d.sinceEstablishedOn,
      };
      if (d.kind === 'FULL') return { kind: 'FULL_RESTORATION', ...common, periodMonths: d.periodMonths };
      const [infraction] = d.infractionId !== undefined ? infractionsOf(file, [d.infractionId]) : [];
      return {
        kind: d.kind === 'SIX_MONTHS' ? 'SIX_MONTHS_RESTORATION' : 'TEN_YEARS_RESTORATION',
        ...common,
        ...(infraction ? { infraction } : {}),
      };
    }
    case 'TrainingCourseCredited': {
      const d = event.data;
      const course = file.courses.find((c) => c.courseId === d.courseId);
      return {
        kind: 'COURSE_CREDITED',
        effectiveOn: d.effectiveOn,
        points: d.points,
        rawBalanceAfter: d.rawBalanceAfter,
        capitalAfter: d.capitalAfter,
        ...(course ? { firstDay: course.firstDay, lastDay: course.lastDay } : {}),
      };
    }
    case 'ProbationEnded': {
      const d = event.data;
      return {
        kind: 'PROBATION_END',
        effectiveOn: d.effectiveOn,
        points: d.points,
        rawBalanceAfter: d.rawBalanceAfter,
        capitalAfter: d.capitalAfter,
      };
    }
    case 'DecisionReversed': {
      const d = event.data;
      // The balance the holder sees on the day of the correction, knowing every fact so far (RULES §1).
      const situation = situationAt(memory.facts, d.correctedOn);
      return {
        kind: 'CORRECTION',
        reversedType: d.reversedType,
        reversedEffectiveOn: d.effectiveOn,
        rawPointsChange: d.rawPointsChange,
        correctedOn: d.correctedOn,
        infractions: reversed ? infractionsOf(file, reversed.infractionIds) : [],
        balanceAfter: situation
          ? { rawPoints: situation.rawPoints, capital: situation.capital }
          : { rawPoints: 0, capital: 0 },
      };
    }
    case 'ProbationIncrementGranted':
    case 'LicenceInvalidated':
      throw new Error(`${event.type} calls for no letter (RULES §6).`);
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

/**
 * The letter an event calls for, if any (RULES §6, `letterFor`), with everything it must say,
 * taken from the memory of the licence as it stood once this event was applied: nothing later.
 */
export function letterInputFor(
  event: LicenceDecision | DecisionReversed,
  memory: LetterLicenceMemory,
  { letterId, issuedOn, reversed }: { letterId: string; issuedOn: CalendarDate; reversed?: Movement },
): LetterInput | null {
  const reference = letterFor(event);
  if (reference === null) return null;
  const file = buildLicenceFile(memory.facts);
  if (file === null) return null;
  return {
    letterId,
    reference,
    issuedOn,
    licenceNumber: memory.licenceNumber,
    holder: file.holder,
    ...(file.address ? { address: file.address } : {}),
    cause: causeOf(event, reference, memory, file, reversed),
  };
}
