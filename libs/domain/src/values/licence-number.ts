import { DomainError } from '../errors/domain-error';
import { LicenceErrors } from '../errors/licence-errors';

/**
 * Licence numbers (RULES §7): either one field of exactly 12 digits (`901004310016`), or three
 * fields — 1 to 15 letters or digits, 2 digits, 2 digits (`207348 74 18`). The canonical form is
 * upper case with the fields separated by exactly one space and nothing else. No checksum is
 * documented, so none is checked (RULES §7: "do not invent one").
 */

/** The canonical form: what `normaliseLicenceNumber` returns, and nothing else. */
export const CANONICAL_LICENCE_NUMBER = /^(?:\d{12}|[A-Z0-9]{1,15} \d{2} \d{2})$/;

/** Longer input is refused before any work: a number is at most 21 characters in canonical form. */
export const MAX_LICENCE_NUMBER_INPUT_LENGTH = 64;

/**
 * What a holder may type between fields, in any number: white space of any kind (space, tab,
 * no-break spaces as pasted from a French document, line breaks), '-' and '.'. Anything else —
 * accented or non-Latin letters, full-width digits, '/', '_' — makes the input malformed: a typing
 * slip there is more likely a wrong number than a separator.
 */
const ALLOWED_INPUT = /^[A-Za-z0-9\s.-]*$/;
const SEPARATOR_RUN = /[\s.-]+/;

const TWELVE_DIGITS = /^\d{12}$/;
const FIRST_FIELD = /^[A-Z0-9]{1,15}$/;
const TWO_DIGITS = /^\d{2}$/;

export const isCanonicalLicenceNumber = (value: unknown): value is string =>
  typeof value === 'string' && CANONICAL_LICENCE_NUMBER.test(value);

/**
 * The canonical form of what a holder or a clerk typed, or null when it is not a licence number.
 *
 * Forgiving on separators only: leading and trailing separators are dropped and any run of
 * separators between two fields counts as one (`207348--74 . 18`, `207348\t74\t18`). The fields
 * themselves are never re-cut: `2073487418` or `9010 0431 0016` are refused rather than guessed,
 * because re-cutting would turn a mistyped 11-digit number into some other valid number. Letters are
 * only A–Z (either case); the check is made before upper-casing so that 'ß' or 'ı', which upper-case
 * to ASCII, are refused too.
 */
export function normaliseLicenceNumber(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_LICENCE_NUMBER_INPUT_LENGTH) return null;
  if (!ALLOWED_INPUT.test(raw)) return null;
  const fields = raw
    .toUpperCase()
    .split(SEPARATOR_RUN)
    .filter((field) => field !== '');
  if (fields.length === 1 && TWELVE_DIGITS.test(fields[0])) return fields[0];
  if (
    fields.length === 3 &&
    FIRST_FIELD.test(fields[0]) &&
    TWO_DIGITS.test(fields[1]) &&
    TWO_DIGITS.test(fields[2])
  ) {
    return fields.join(' ');
  }
  return null;
}

/** Echoing a huge or multi-line input into an error message helps nobody. */
function forDisplay(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : String(raw);
  // Control characters are exactly what must not reach a log line or a clerk's screen.
  // eslint-disable-next-line no-control-regex
  const oneLine = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return oneLine.length > MAX_LICENCE_NUMBER_INPUT_LENGTH
    ? `${oneLine.slice(0, MAX_LICENCE_NUMBER_INPUT_LENGTH)}…`
    : oneLine;
}

function malformed(raw: unknown, field?: string): DomainError {
  const error = LicenceErrors.malformedLicenceNumber(forDisplay(raw));
  return field === undefined
    ? error
    : new DomainError(error.code, error.category, error.message, { ...error.details, field });
}

/** The canonical licence number, or `LICENCE.MALFORMED_NUMBER`. */
export function parseLicenceNumber(raw: string): string {
  const normalised = normaliseLicenceNumber(raw);
  if (normalised === null) throw malformed(raw);
  return normalised;
}

/**
 * The holder types the number twice; both must be equal after normalisation (RULES §7).
 *
 * Each entry is first checked on its own form: a malformed entry is reported as
 * `LICENCE.MALFORMED_NUMBER` (the typed one first, then the confirmation; `details.field` says which:
 * 'licenceNumber' or 'confirmation'). Only two well-formed but different numbers give
 * `LICENCE.NUMBERS_DIFFER`. Neither answer depends on any stored licence, so neither reveals whether a
 * number exists (RULES §8).
 */
export function confirmLicenceNumber(typed: string, confirmation: string): string {
  const first = normaliseLicenceNumber(typed);
  if (first === null) throw malformed(typed, 'licenceNumber');
  const second = normaliseLicenceNumber(confirmation);
  if (second === null) throw malformed(confirmation, 'confirmation');
  if (first !== second) throw LicenceErrors.licenceNumbersDiffer();
  return first;
}
