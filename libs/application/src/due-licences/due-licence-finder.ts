import type { CalendarDate } from '@ledger/domain';

/**
 * Finds the licences that may have a decision due on or before `asOf`, for the daily run. It may
 * return more than that (the decider appends nothing where nothing is due) but never fewer.
 * An abstract class so that it is its own injection token.
 */
export abstract class DueLicenceFinder {
  /** Canonical licence numbers, each once. */
  abstract findDue(asOf: CalendarDate): AsyncIterable<string>;
}
