/** Full capital (R223-1 I). */
export const FULL_CAPITAL = 12;

/** A first licence, or one obtained again after an invalidation, starts with 6 points (L223-1, R223-1 II). */
export const PROBATIONARY_CAPITAL = 6;

/** The displayed balance never goes below 0; the raw balance may (RULES §3). */
export function displayedBalance(rawBalance: number): number {
  return Math.max(0, rawBalance);
}

/** The ceiling a licence starts with (R223-1). */
export function initialCeiling(probationary: boolean): number {
  return probationary ? PROBATIONARY_CAPITAL : FULL_CAPITAL;
}
