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
