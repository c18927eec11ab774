import type { CalendarDate } from '../values/calendar-date';
import type { RestorationKind } from '../events/decisions';

/**
 * A decision is named by what it decides, never by when it was computed: the same facts always
 * give the same ids, so "what the ledger lacks" and "what it holds wrongly" are set differences.
 */
export const DecisionIds = {
  withdrawal: (on: CalendarDate, infractionIds: readonly string[], points: number) =>
    `withdrawal/${on}/${infractionIds.join('+')}/${points}`,
  restoration: (kind: RestorationKind, on: CalendarDate, points: number, infractionId?: string) =>
    `restoration-${kind.toLowerCase()}/${on}/${infractionId ?? '-'}/${points}`,
  course: (on: CalendarDate, courseId: string, points: number) => `course/${on}/${courseId}/${points}`,
  probationIncrement: (on: CalendarDate, points: number, ceiling: number) => `probation-increment/${on}/${points}/${ceiling}`,
  probationEnd: (on: CalendarDate, points: number) => `probation-end/${on}/${points}`,
  invalidation: (on: CalendarDate) => `invalidation/${on}`,
};
