import { Injectable } from '@nestjs/common';
import { LetterQueries } from '@ledger/read-models/letters';
import type { Letter } from '../graphql/balance.types';
import { presentLetter } from '../letters/letter-presenter';
import { LetterReader } from './letter-reader';

/**
 * The letters of a licence, from the letters read model the worker's letter workflow writes. The
 * callers have already checked who is asking (the holder of that licence, or staff); holder and
 * staff read the same letters.
 */
@Injectable()
export class ReadModelLetterReader extends LetterReader {
  constructor(private readonly letters: LetterQueries) {
    super();
  }

  async lettersFor(canonicalNumber: string): Promise<Letter[]> {
    return (await this.letters.lettersOf(canonicalNumber)).map(presentLetter);
  }
}
