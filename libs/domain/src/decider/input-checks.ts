import { LicenceErrors } from '../errors/licence-errors';
import { isCalendarDate, type CalendarDate } from '../values/calendar-date';

/** A calendar date, or a clear refusal naming the field. */
export function requireDate(field: string, value: unknown): CalendarDate {
  if (!isCalendarDate(value)) throw LicenceErrors.malformedDate(field, value);
  return value;
}

/** Only what has already happened can be recorded. */
export function requirePastDate(field: string, value: unknown, today: CalendarDate): CalendarDate {
  const date = requireDate(field, value);
  if (date > today) throw LicenceErrors.dateInFuture(field, date, today);
  return date;
}

/** An identifier chosen by the client: printable, bounded. */
export function requireId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,99}$/.test(value)) {
    throw LicenceErrors.invalid(field, `The ${field} must be 1 to 100 letters, digits or . _ : - / characters.`);
  }
  return value;
}

export function requireText(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > maxLength) {
    throw LicenceErrors.invalid(field, `The ${field} must be a non-empty text of at most ${maxLength} characters.`);
  }
  return value;
}

/** Structural equality of JSON-like data: an identical re-sent command decides nothing. */
export function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** A fact keeps only the fields that were given (absent, not undefined, in its JSON). */
export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
