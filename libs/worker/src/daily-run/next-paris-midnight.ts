import { addDays } from '@ledger/domain';
import { parisDate } from '@ledger/application';

const HOUR_MS = 3_600_000;

/**
 * The first instant of the next calendar day in Europe/Paris (RULES §1: dates are Paris dates).
 * Paris is UTC+1 or UTC+2, and changes offset at 02:00/03:00, never at midnight: the next midnight
 * is 23:00 or 22:00 UTC of the day before.
 */
export function nextParisMidnight(now: Date): Date {
  const tomorrow = addDays(parisDate(now), 1);
  const utcMidnight = Date.parse(`${tomorrow}T00:00:00Z`);
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(utcMidnight - offsetHours * HOUR_MS);
    if (parisDate(candidate) === tomorrow && parisDate(new Date(candidate.getTime() - 1)) !== tomorrow)
      return candidate;
  }
  throw new Error(`No midnight found in Europe/Paris for ${tomorrow}.`);
}
