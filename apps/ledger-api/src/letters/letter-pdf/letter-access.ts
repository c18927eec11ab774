import { Injectable } from '@nestjs/common';
import { staffActor, type Caller } from '@ledger/auth';
import { matchesHolder } from '@ledger/domain';
import { isLetterId } from '@ledger/letters';
import { LetterQueries, type StoredLetter } from '@ledger/read-models/letters';
import type { ConsultationRole } from '../../consultations/consultation-audit';

export interface LetterReading {
  letter: StoredLetter;
  consultedBy: string;
  role: ConsultationRole;
}

/**
 * Who may read a letter (RULES §8): its holder (the session's FranceConnect identity matches the
 * licence's civil status) or staff with ledger.reader. Anyone else, a malformed id and an unknown
 * id all get the same answer, null, so that nobody learns whether a letter exists.
 */
@Injectable()
export class LetterAccess {
  constructor(private readonly letters: LetterQueries) {}

  async read(caller: Caller, letterId: string): Promise<LetterReading | null> {
    if (!isLetterId(letterId) || caller.kind === 'anonymous') return null;
    const letter = await this.letters.findLetter(letterId);
    if (!letter) return null;
    if (caller.kind === 'staff') {
      return caller.roles.includes('ledger.reader')
        ? { letter, consultedBy: staffActor(caller), role: 'LEDGER_READER' }
        : null;
    }
    const holder = await this.letters.holderOf(letter.licenceNumber);
    return holder && matchesHolder(caller.identity, holder)
      ? { letter, consultedBy: 'holder', role: 'HOLDER' }
      : null;
  }
}
