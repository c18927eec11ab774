import type { CivilStatus } from '../../events/facts';
import { LicenceErrors } from '../../errors/licence-errors';
import { requireDate, requireText, stripUndefined } from '../input-checks';

/** INSEE codes: a country is 99 and 3 digits (France 99100); a commune 5 characters (Corsica: 2A, 2B). */
const INSEE_COUNTRY = /^99\d{3}$/;
const INSEE_COMMUNE = /^(\d{5}|2[AB]\d{3})$/;
const FRANCE = '99100';

/** The civil status the holder is matched on (RULES §8): complete and well-formed. */
export function parseHolder(holder: CivilStatus, issuedOn: string): CivilStatus {
  if (!holder || typeof holder !== 'object')
    throw LicenceErrors.invalid('holder', "The holder's civil status is required.");
  const familyName = requireText('family name', holder.familyName, 100).trim();
  const givenNames = requireText('given names', holder.givenNames, 200).trim();
  const birthdate = requireDate('birth date', holder.birthdate);
  if (birthdate >= issuedOn)
    throw LicenceErrors.invalid('birth date', 'The holder must be born before the licence is issued.');
  if (holder.gender !== 'MALE' && holder.gender !== 'FEMALE')
    throw LicenceErrors.invalid('gender', 'The gender must be MALE or FEMALE.');
  if (typeof holder.birthcountry !== 'string' || !INSEE_COUNTRY.test(holder.birthcountry)) {
    throw LicenceErrors.invalid(
      'birth country',
      'The birth country is an INSEE country code of 5 digits starting with 99 (France: 99100).',
    );
  }
  const birthplace = parseBirthplace(holder.birthplace, holder.birthcountry === FRANCE);
  return stripUndefined({
    familyName,
    givenNames,
    birthdate,
    gender: holder.gender,
    birthplace,
    birthcountry: holder.birthcountry,
  });
}

/** INSEE codes are written in either case (Corsica: 2A, 2B); the file keeps them upper case. */
function parseBirthplace(value: unknown, bornInFrance: boolean): string | undefined {
  const birthplace =
    value === null || value === '' || value === undefined ? undefined : String(value).toUpperCase();
  if (bornInFrance && (birthplace === undefined || !INSEE_COMMUNE.test(birthplace))) {
    throw LicenceErrors.invalid(
      'birthplace',
      'A holder born in France needs the INSEE code of the birthplace (5 characters, e.g. 75056 or 2A004).',
    );
  }
  if (!bornInFrance && birthplace !== undefined) {
    throw LicenceErrors.invalid(
      'birthplace',
      'The birthplace code is only given for a holder born in France.',
    );
  }
  return birthplace;
}
