import { isCalendarDate, type CalendarDate } from '@ledger/domain';
import type { EventMetadata } from '@ledger/event-store';

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Paris of an instant (en-CA formats as YYYY-MM-DD). */
export function parisDateOf(instant: string): CalendarDate {
  return PARIS_DAY.format(new Date(instant));
}

/**
 * A letter is dated by the business day its causing event was recorded on (metadata.recordedOn:
 * LEDGER_TODAY or today in Paris), never by the day the worker happens to process it, so a replay
 * dates it the same. Events written before recordedOn existed fall back to the Paris day of
 * recordedAt, which is just as fixed.
 */
export function issuedOnOf(metadata: Pick<EventMetadata, 'recordedOn' | 'recordedAt'>): CalendarDate {
  return isCalendarDate(metadata.recordedOn) ? metadata.recordedOn : parisDateOf(metadata.recordedAt);
}
