import type { CalendarDate, CivilStatus, PostalAddress } from '@ledger/domain';

/**
 * How letters write dates, figures, names and addresses, in French administrative style:
 * "1er avril 2024", "1 point" / "0 point" / "2 points", "Madame Camille MARTIN".
 */

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/** "2024-04-01" → "1er avril 2024" (the first of the month is written "1er"). */
export function frenchDate(date: CalendarDate): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new TypeError(`Not a calendar date: ${String(date)}`);
  const [, year, month, day] = match;
  const dayNumber = Number(day);
  return `${dayNumber === 1 ? '1er' : String(dayNumber)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/** French grammar: "0 point", "1 point", "2 points" (the plural starts at 2). */
export function points(count: number): string {
  return `${count} point${Math.abs(count) >= 2 ? 's' : ''}`;
}

/**
 * A signed change: "+4 points", "–3 points". The minus is an en dash, as French print sets it: the
 * true minus sign (U+2212) is not in the PDF standard fonts' encoding.
 */
export function signedPoints(change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '–' : '';
  return `${sign}${points(Math.abs(change))}`;
}

/** "deux ans", "trois ans", "six mois", "dix ans": the waiting periods of L223-6 in words. */
export function periodInWords(months: number): string {
  const years: Record<number, string> = { 12: 'un an', 24: 'deux ans', 36: 'trois ans', 120: 'dix ans' };
  if (years[months]) return years[months];
  if (months === 6) return 'six mois';
  return months % 12 === 0 ? `${months / 12} ans` : `${months} mois`;
}

export type Civility = 'Madame' | 'Monsieur';

export const civilityOf = (holder: Pick<CivilStatus, 'gender'>): Civility =>
  holder.gender === 'FEMALE' ? 'Madame' : 'Monsieur';

/** "JEAN-BAPTISTE" → "Jean-Baptiste", "léa" → "Léa": capitals after spaces, hyphens and apostrophes. */
export function titleCase(name: string): string {
  return name
    .toLocaleLowerCase('fr-FR')
    .replace(
      /(^|[\s\-'’])(\p{L})/gu,
      (_, separator: string, letter: string) => separator + letter.toLocaleUpperCase('fr-FR'),
    );
}

/** "Madame Camille MARTIN": the civility, the first given name, the family name in capitals. */
export function holderName(holder: CivilStatus): string {
  const firstGiven = holder.givenNames.trim().split(/\s+/)[0] ?? '';
  return `${civilityOf(holder)} ${titleCase(firstGiven)} ${holder.familyName.trim().toLocaleUpperCase('fr-FR')}`.replace(
    /\s+/g,
    ' ',
  );
}

/** What the recipient block prints when no postal address is on the file. */
export const NO_ADDRESS = 'Adresse postale non enregistrée : à compléter avant l’envoi';

/**
 * The address block under the name, as La Poste reads it: street lines, then the postal code and
 * the city in capitals, then the country in capitals when it is not France.
 */
export function addressLines(address: PostalAddress | undefined): string[] {
  if (!address) return [NO_ADDRESS];
  const lines = address.lines.map((line) => line.trim()).filter((line) => line.length > 0);
  lines.push(`${address.postalCode.trim().toUpperCase()} ${address.city.trim().toLocaleUpperCase('fr-FR')}`);
  const country = address.country?.trim();
  if (country && !/^france$/i.test(country)) lines.push(country.toLocaleUpperCase('fr-FR'));
  return lines;
}
