import type { Letter } from '../graphql/balance.types';

/** The letters of a licence, for its holder or for staff (the letter workflow writes them). */
export abstract class LetterReader {
  abstract lettersFor(canonicalNumber: string, audience: 'holder' | 'staff'): Promise<Letter[]>;
}
