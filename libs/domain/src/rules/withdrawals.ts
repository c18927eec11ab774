import type { OffenceClass } from '../offences/offence-code';

/**
 * Infractions committed simultaneously withdraw their sum, capped at 8 points (L223-2 III,
 * R223-2); the cap holds for a probationary licence too.
 */
export const SIMULTANEOUS_CAP = 8;

/**
 * What one establishment withdraws from a group of simultaneous infractions: what is left under
 * the group's cap (RULES §3). `points` are the infractions' own figures, in recording order.
 * Returns each infraction's share, so that the six-month and ten-year rules know what it withdrew.
 */
export function simultaneousCap(alreadyWithdrawnByGroup: number, points: readonly number[]): number[] {
  let left = Math.max(0, SIMULTANEOUS_CAP - alreadyWithdrawnByGroup);
  return points.map((p) => {
    const share = Math.min(p, left);
    left -= share;
    return share;
  });
}

/** One infraction of a check as the cap sees it. */
export interface CapShareCandidate {
  infractionId: string;
  offenceClass: OffenceClass;
  points: number;
}

/** Classes 1–4 first (their points come back after 10 years, RULES §4.3), then 5th class, then délits. */
function capClassRank(offenceClass: OffenceClass): number {
  return offenceClass === 'DELIT' ? 2 : offenceClass === 5 ? 1 : 0;
}

/**
 * Our reading of RULES §3: infractions of one check established on the same date share the cap in
 * a fixed order that never depends on the order staff recorded them, the most favourable to the
 * holder: classes 1–4 first, then 5th class, then délits; within a class the larger withdrawal
 * first; then by infractionId.
 */
export function capSharingOrder<T extends CapShareCandidate>(infractions: readonly T[]): T[] {
  return [...infractions].sort(
    (a, b) =>
      capClassRank(a.offenceClass) - capClassRank(b.offenceClass) ||
      b.points - a.points ||
      (a.infractionId < b.infractionId ? -1 : a.infractionId > b.infractionId ? 1 : 0),
  );
}
