import { DomainError } from '@ledger/domain';

/** The refusals of the letter workflow's operations (CONVENTIONS 10). */
export const LetterErrors = {
  /**
   * One refusal for a letter that does not exist and for a letter the caller may not read: the
   * answer must not reveal whether it exists (RULES §8).
   */
  notAvailable: () =>
    new DomainError('LETTER.NOT_AVAILABLE', 'NOT_FOUND', 'Aucune lettre ne correspond à cette adresse.'),
  unknownLetters: (letterIds: readonly string[]) =>
    new DomainError(
      'LETTER.NOT_FOUND',
      'NOT_FOUND',
      `No letter is recorded under ${letterIds.length === 1 ? 'id' : 'ids'} ${letterIds.join(', ')}; nothing was marked as posted.`,
      { letterIds: [...letterIds] },
    ),
  postedBeforeIssue: (letterId: string, postedOn: string, issuedOn: string) =>
    new DomainError(
      'LETTER.POSTED_BEFORE_ISSUE',
      'VALIDATION',
      `Letter ${letterId} was issued on ${issuedOn}; it cannot have been posted on ${postedOn}. Nothing was marked as posted.`,
      { letterId, postedOn, issuedOn },
    ),
  tooManyLetters: (count: number, max: number) =>
    new DomainError(
      'LETTER.TOO_MANY',
      'VALIDATION',
      `At most ${max} letters can be marked as posted at once; ${count} were given.`,
      { count, max },
    ),
  duplicateLetters: (letterIds: readonly string[]) =>
    new DomainError(
      'LETTER.DUPLICATE_IDS',
      'VALIDATION',
      `Letter ids given twice: ${letterIds.join(', ')}.`,
      {
        letterIds: [...letterIds],
      },
    ),
} as const;
