import type { CivilStatus, Gender } from '../events/facts';

/**
 * Matching a FranceConnect identity against the civil status on a licence file (RULES §8, L223-7):
 * the balance is shown only to the holder, so an identity either matches exactly one holder or
 * nothing is shown.
 */

/**
 * The FranceConnect "pivot identity" claims. `family_name` is the birth name; `given_name` holds all
 * given names separated by spaces; `birthplace` is the INSEE commune code, empty or absent for a
 * birth abroad; `birthcountry` the INSEE country code (France is 99100).
 */
export interface FranceConnectIdentity {
  family_name: string;
  given_name: string;
  birthdate: string;
  gender: 'male' | 'female' | string;
  birthplace?: string | null;
  birthcountry: string;
  sub?: string;
}

/** INSEE code of France in the country code list. */
export const FRANCE_INSEE_COUNTRY_CODE = '99100';

/** Letters that canonical decomposition leaves whole, spelt out as a French registry would. */
const SPELT_OUT: Readonly<Record<string, string>> = {
  Œ: 'OE',
  Æ: 'AE',
  ẞ: 'SS',
  Ø: 'O',
  Ł: 'L',
  Đ: 'D',
  Ð: 'D',
  Þ: 'TH',
};
const SPELT_OUT_PATTERN = new RegExp(`[${Object.keys(SPELT_OUT).join('')}]`, 'gu');

/** Combining marks: what NFD splits off an accented letter. */
const COMBINING_MARKS = /\p{M}+/gu;

/**
 * Hyphens and dashes, apostrophes and quote-like marks, and any white space: all fold to one space,
 * so that "Le Goff", "LE-GOFF" and "le  goff" compare equal, as do "N'Diaye" and "N’Diaye".
 */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212'`´\u2018\u2019\u02BC\u02B9\u02BB]+/gu;

/**
 * A name as the comparison of RULES §8 sees it: upper case, accents removed, ligatures spelt out
 * (œ → OE, æ → AE), hyphens, apostrophes and runs of spaces folded to one space, trimmed.
 *
 * Upper-casing comes first: it can itself produce decomposable letters or marks ('ǰ' → 'J' + caron,
 * 'ŉ' → 'ʼN'), which the later steps then remove, so the function is idempotent.
 */
export function normaliseName(s: string): string {
  if (typeof s !== 'string') return '';
  return s
    .toUpperCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(SPELT_OUT_PATTERN, (letter) => SPELT_OUT[letter] ?? letter)
    .replace(SEPARATORS, ' ')
    .trim();
}

/**
 * The first given name, normalised. Given names are separated by white space (or a comma, as some
 * files have them); a hyphen joins a compound given name, which stays whole: the first given name of
 * "Jean-Pierre Marie" is "JEAN PIERRE", not "JEAN". Empty when there is none.
 */
export function firstGivenName(givenNames: string): string {
  if (typeof givenNames !== 'string') return '';
  const first = givenNames.split(/[\s,]+/u).find((name) => normaliseName(name) !== '');
  return first === undefined ? '' : normaliseName(first);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** FranceConnect says 'male' / 'female'; the licence file says MALE / FEMALE. Anything else matches nothing. */
function genderOf(claim: unknown): Gender | null {
  const value = text(claim).toLowerCase();
  if (value === 'male') return 'MALE';
  if (value === 'female') return 'FEMALE';
  return null;
}

/**
 * True when the identity is this holder (RULES §8): birth name and first given name equal once
 * normalised, same birth date, same gender, same birth country, and — for a birth in France — the
 * same birthplace. Fails closed: an empty birth name, an unknown gender, a missing birth country, or a
 * birth in France without a birthplace on either side never matches. For a birth abroad the
 * birthplace is not compared (FranceConnect sends it empty). A person with no given name at all
 * (registries do have some) matches on the other criteria when both sides have none.
 */
export function matchesHolder(identity: FranceConnectIdentity, holder: CivilStatus): boolean {
  const familyName = normaliseName(identity?.family_name);
  if (familyName === '' || familyName !== normaliseName(holder?.familyName)) return false;

  if (firstGivenName(identity.given_name) !== firstGivenName(holder.givenNames)) return false;

  const birthdate = text(identity.birthdate);
  if (birthdate === '' || birthdate !== text(holder.birthdate)) return false;

  const gender = genderOf(identity.gender);
  if (gender === null || gender !== holder.gender) return false;

  const country = text(identity.birthcountry);
  if (country === '' || country !== text(holder.birthcountry)) return false;

  if (country === FRANCE_INSEE_COUNTRY_CODE) {
    // INSEE commune codes may hold letters (Corsica: 2A…, 2B…), compared case-insensitively.
    const birthplace = text(identity.birthplace).toUpperCase();
    if (birthplace === '' || birthplace !== text(holder.birthplace).toUpperCase()) return false;
  }
  return true;
}

/**
 * The value of the one candidate whose holder matches the identity; null when none or several match
 * (RULES §8: "exactly one match, or nothing is shown").
 */
export function selectMatchingHolder<T>(
  identity: FranceConnectIdentity,
  candidates: readonly { holder: CivilStatus; value: T }[],
): T | null {
  const matches = candidates.filter((candidate) => matchesHolder(identity, candidate.holder));
  return matches.length === 1 ? matches[0].value : null;
}
