import { LETTER_CHANNELS } from '@ledger/domain';
import { frameLetter, type LetterBody } from './letter-frame';
import type { ComposedLetter, LetterInput } from './letter';
import { correctionBody } from './letter-texts/correction-letter';
import { courseBody } from './letter-texts/course-letter';
import {
  fullRestorationBody,
  pointRestorationBody,
  probationEndBody,
} from './letter-texts/restoration-letters';
import { withdrawalBody } from './letter-texts/withdrawal-letters';

function mismatch(input: LetterInput): never {
  throw new Error(
    `Letter ${input.letterId}: a ${input.reference} letter cannot be written for a ${input.cause.kind} cause.`,
  );
}

function bodyOf(input: LetterInput): LetterBody {
  const { cause } = input;
  switch (input.reference) {
    case '48':
    case '48M':
    case '48N':
    case '48SI':
      return cause.kind === 'WITHDRAWAL' ? withdrawalBody(input.reference, cause) : mismatch(input);
    case '46':
      if (cause.kind === 'FULL_RESTORATION') return fullRestorationBody(cause);
      return cause.kind === 'PROBATION_END' ? probationEndBody(cause) : mismatch(input);
    case '46D':
      return cause.kind === 'SIX_MONTHS_RESTORATION' ? pointRestorationBody(cause) : mismatch(input);
    case '46B':
      return cause.kind === 'TEN_YEARS_RESTORATION' ? pointRestorationBody(cause) : mismatch(input);
    case '47':
      return cause.kind === 'COURSE_CREDITED' ? courseBody(cause) : mismatch(input);
    case 'CORRECTION':
      return cause.kind === 'CORRECTION' ? correctionBody(cause) : mismatch(input);
    default: {
      const exhaustive: never = input.reference;
      return exhaustive;
    }
  }
}

/**
 * The letter a decision calls for, in French (RULES §6): the licence number on the top line, the
 * holder's name and address, the date and reference, what happened with its figures, and what the
 * holder must or may do. Pure and deterministic: the same input always gives the same letter.
 */
export function composeLetter(input: LetterInput): ComposedLetter {
  return frameLetter(input, LETTER_CHANNELS[input.reference], bodyOf(input));
}
