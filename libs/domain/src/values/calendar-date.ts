/**
 * Calendar dates in Europe/Paris as `YYYY-MM-DD` strings (RULES §1). A date is a day, never an
 * instant: no Date object and no clock here, so the arithmetic is exact and the same everywhere.
 *
 * Every licence's timeline is computed from these helpers again and again (a rebuild of the read
 * models runs them millions of times), so they parse digits without allocating and remember the
 * dates they have already computed. The memos are pure (a date's successor never changes) and
 * bounded, so they change nothing but the speed.
 */
export type CalendarDate = string & { readonly __brand?: 'CalendarDate' };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : MONTH_DAYS[month - 1];
}

/** A bounded memo: cleared when full, so that no input, however varied, makes it grow without end. */
class Memo<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  set(key: K, value: V): V {
    if (this.map.size >= this.capacity) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}

/** Valid dates seen so far: the API and the decider check the same few thousand dates over and over. */
const VALID_DATES = new Memo<string, true>(200_000);

/** True for a real day of the proleptic Gregorian calendar written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  if (value.length === 10 && VALID_DATES.get(value) === true) return true;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const valid = year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  if (valid) VALID_DATES.set(value, true);
  return valid;
}

// Digits read by char code: the callers only pass `YYYY-MM-DD` strings, as `slice` + `Number` did.
const digit = (date: string, at: number): number => date.charCodeAt(at) - 48;
const yearOf = (date: string): number => digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
const monthOf = (date: string): number => digit(date, 5) * 10 + digit(date, 6);
const dayOf = (date: string): number => digit(date, 8) * 10 + digit(date, 9);

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

function format(year: number, month: number, day: number): CalendarDate {
  const yyyy = year >= 1000 && year <= 9999 ? String(year) : String(year).padStart(4, '0');
  return `${yyyy}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** addMonths results, by number of months then by date (a handful of periods: 6, 12, 24, 36, 120 months…). */
const MONTHS_LATER = new Map<number, Memo<string, CalendarDate>>();

/**
 * "+6 months", "+2 years" land on the same calendar day; a day that does not exist (31 August + 6
 * months) becomes the last day of that month (RULES §1).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  let memo = MONTHS_LATER.get(months);
  if (memo === undefined) {
    if (MONTHS_LATER.size >= 64) MONTHS_LATER.clear();
    memo = new Memo(50_000);
    MONTHS_LATER.set(months, memo);
  }
  const known = memo.get(date);
  if (known !== undefined) return known;
  const index = yearOf(date) * 12 + (monthOf(date) - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  return memo.set(date, format(newYear, newMonth, Math.min(dayOf(date), daysInMonth(newYear, newMonth))));
}

export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addMonths(date, years * 12);
}

/** Days since 1970-01-01, by the civil-from-days algorithm (no Date object, no time zone). */
export function toDayNumber(date: CalendarDate): number {
  const year = yearOf(date);
  const month = monthOf(date);
  const day = dayOf(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The dates of 1900-01-01 to 2199-12-31 by day number, filled as they are first asked for. */
const FIRST_CACHED_DAY = -25567; // 1900-01-01
const CACHED_DAYS = 109_572; // up to 2199-12-31
const DAY_STRINGS: (CalendarDate | undefined)[] = new Array<CalendarDate | undefined>(CACHED_DAYS);

function computeFromDayNumber(dayNumber: number): CalendarDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return format(yoe + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  const slot = dayNumber - FIRST_CACHED_DAY;
  if (slot >= 0 && slot < CACHED_DAYS && Number.isInteger(dayNumber)) {
    return (DAY_STRINGS[slot] ??= computeFromDayNumber(dayNumber));
  }
  return computeFromDayNumber(dayNumber);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  // The next or previous day within the same month: only the day's two digits change.
  if (days === 1) {
    const day = dayOf(date);
    if (day < 28) return `${date.slice(0, 8)}${TWO_DIGITS[day + 1]}`;
  } else if (days === -1) {
    const day = dayOf(date);
    if (day > 1 && day <= 28) return `${date.slice(0, 8)}${TWO_DIGITS[day - 1]}`;
  }
  return fromDayNumber(toDayNumber(date) + days);
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO dates compare as strings; these read better at the call site. */
export const isBefore = (a: CalendarDate, b: CalendarDate): boolean => a < b;
export const isAfter = (a: CalendarDate, b: CalendarDate): boolean => a > b;
export const isOnOrBefore = (a: CalendarDate, b: CalendarDate): boolean => a <= b;
export const isOnOrAfter = (a: CalendarDate, b: CalendarDate): boolean => a >= b;
export const minDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a <= b ? a : b);
export const maxDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a >= b ? a : b);
