import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import {
  CANONICAL_LICENCE_NUMBER,
  MAX_LICENCE_NUMBER_INPUT_LENGTH,
  confirmLicenceNumber,
  isCanonicalLicenceNumber,
  normaliseLicenceNumber,
  parseLicenceNumber,
} from './licence-number';

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('licence numbers (RULES §7)', () => {
  describe('accepted forms', () => {
    it.each([
      ['901004310016', '901004310016'],
      ['207348 74 18', '207348 74 18'],
      ['a1b2c3 74 18', 'A1B2C3 74 18'],
      ['  207348   74  18  ', '207348 74 18'],
      ['207348\t74\t18', '207348 74 18'],
      ['207348-74-18', '207348 74 18'],
      ['207348.74.18', '207348 74 18'],
      ['207348 - 74 . 18', '207348 74 18'],
      ['207348\u00a074\u202f18', '207348 74 18'],
      [' 901004310016\n', '901004310016'],
      ['7 00 00', '7 00 00'],
      ['ABCDEFGHIJKLMNO 01 02', 'ABCDEFGHIJKLMNO 01 02'],
      ['901004310016 74 18', '901004310016 74 18'],
    ])('"%s" is the licence number "%s"', (raw, canonical) => {
      expect(normaliseLicenceNumber(raw)).toBe(canonical);
      expect(parseLicenceNumber(raw)).toBe(canonical);
    });
  });

  describe('refused forms', () => {
    it.each([
      ['an 11-digit single field', '90100431001'],
      ['a 13-digit single field', '9010043100161'],
      ['a first field of 16 characters', 'ABCDEFGHIJKLMNOP 01 02'],
      ['letters in the second field', '207348 7A 18'],
      ['letters in the third field', '207348 74 1B'],
      ['a one-digit second field', '207348 7 18'],
      ['a three-digit third field', '207348 74 185'],
      ['the empty string', ''],
      ['only separators', ' - . '],
      ['an accented letter', 'É07348 74 18'],
      ['a sharp s, which upper-cases to SS', 'ß 74 18'],
      ['a dotless i, which upper-cases to I', 'ı 74 18'],
      ['a Cyrillic letter that looks Latin', 'А07348 74 18'],
      ['full-width digits', '９０１００４３１００１６'],
      ['an emoji', '207348 74 18 🚗'],
      ['two fields', '207348 7418'],
      ['four fields', '207348 74 18 00'],
      ['fields run together (never re-cut)', '2073487418'],
      ['a 12-digit number grouped by the holder (never re-joined)', '9010 0431 0016'],
      ['a slash separator', '207348/74/18'],
      ['an underscore separator', '207348_74_18'],
      ['input longer than the size guard', `901004310016${' '.repeat(MAX_LICENCE_NUMBER_INPUT_LENGTH)}`],
    ])('%s is not a licence number', (_, raw) => {
      expect(normaliseLicenceNumber(raw)).toBeNull();
      const error = errorOf(() => parseLicenceNumber(raw));
      expect(error.code).toBe('LICENCE.MALFORMED_NUMBER');
      expect(error.category).toBe('VALIDATION');
    });

    it('a value that is not a string at all is not a licence number', () => {
      expect(normaliseLicenceNumber(undefined as unknown as string)).toBeNull();
      expect(normaliseLicenceNumber(901004310016 as unknown as string)).toBeNull();
    });

    it('the error for a huge input quotes only its beginning', () => {
      const error = errorOf(() => parseLicenceNumber('9'.repeat(10_000)));
      expect(error.message.length).toBeLessThan(300);
    });
  });

  describe('confirmation (typed twice)', () => {
    it('two entries equal after normalisation give the canonical number', () => {
      expect(confirmLicenceNumber('207348 74 18', '207348-74-18')).toBe('207348 74 18');
      expect(confirmLicenceNumber('ab12 34 56', '  AB12   34 56')).toBe('AB12 34 56');
    });

    it('two well-formed but different entries are refused as differing', () => {
      const error = errorOf(() => confirmLicenceNumber('901004310016', '901004310061'));
      expect(error.code).toBe('LICENCE.NUMBERS_DIFFER');
      expect(error.category).toBe('VALIDATION');
    });

    it('a malformed first entry is reported as malformed, whatever the confirmation', () => {
      const error = errorOf(() => confirmLicenceNumber('90100431001', '901004310016'));
      expect(error.code).toBe('LICENCE.MALFORMED_NUMBER');
      expect(error.details).toEqual({ field: 'licenceNumber' });
    });

    it('a malformed confirmation is reported as malformed, naming the confirmation', () => {
      const error = errorOf(() => confirmLicenceNumber('901004310016', '90100431001'));
      expect(error.code).toBe('LICENCE.MALFORMED_NUMBER');
      expect(error.details).toEqual({ field: 'confirmation' });
    });

    it('the same malformed number typed twice is still malformed', () => {
      expect(errorOf(() => confirmLicenceNumber('abc', 'abc')).code).toBe('LICENCE.MALFORMED_NUMBER');
    });
  });

  describe('properties', () => {
    const separator = fc.constantFrom(' ', '  ', '\t', '-', '.', ' - ', '\u00a0');
    const alnum = fc.constantFrom(
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''),
    );
    const digit = fc.constantFrom(...'0123456789'.split(''));
    const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
    const threeFields = fc
      .tuple(
        separator,
        fc.array(alnum, { minLength: 1, maxLength: 15 }).map((c) => c.join('')),
        separator,
        digits(2),
        separator,
        digits(2),
        separator,
      )
      .map(([a, first, b, second, c, third, d]) => ({
        raw: `${a}${first}${b}${second}${c}${third}${d}`,
        canonical: `${first.toUpperCase()} ${second} ${third}`,
      }));
    const twelveDigits = fc
      .tuple(separator, digits(12), separator)
      .map(([a, number, b]) => ({ raw: `${a}${number}${b}`, canonical: number }));
    const anyString = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: fc.constantFrom(...'0123456789 aZ-.\t'.split('')), maxLength: 30 }),
    );

    it('a well-formed number typed with any separators normalises to its canonical form', () => {
      fc.assert(
        fc.property(fc.oneof(threeFields, twelveDigits), ({ raw, canonical }) => {
          expect(normaliseLicenceNumber(raw)).toBe(canonical);
        }),
      );
    });

    it('normalisation is idempotent', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            anyString,
            threeFields.map((x) => x.raw),
            twelveDigits.map((x) => x.raw),
          ),
          (raw) => {
            const once = normaliseLicenceNumber(raw);
            if (once !== null) expect(normaliseLicenceNumber(once)).toBe(once);
          },
        ),
      );
    });

    it('any string either normalises to the canonical pattern or is refused', () => {
      fc.assert(
        fc.property(anyString, (raw) => {
          const result = normaliseLicenceNumber(raw);
          if (result === null) {
            expect(() => parseLicenceNumber(raw)).toThrow(DomainError);
          } else {
            expect(result).toMatch(CANONICAL_LICENCE_NUMBER);
            expect(isCanonicalLicenceNumber(result)).toBe(true);
          }
        }),
        { numRuns: 500 },
      );
    });
  });
});
