import type { CalendarDate, LetterReference } from '@ledger/domain';
import type { FullRecordInput } from '@ledger/letters';
import type { Letter } from '../graphql/balance.types';
import { presentBalance, type StoredLicence } from '../licence-views/licence-presenter';

/** 'REF_48SI' (the contract's enum) → '48SI'. */
const referenceOf = (letter: Letter): LetterReference =>
  letter.reference.replace(/^REF_/, '') as LetterReference;

/**
 * What the full record prints, gathered from the read model as the balance is: the same
 * presentation (presentBalance), so the record and the page never disagree.
 */
export function fullRecordInput(
  licence: StoredLicence,
  asOf: CalendarDate,
  letters: readonly Letter[],
): FullRecordInput {
  const balance = presentBalance(licence, asOf);
  const { file } = licence;
  return {
    licenceNumber: licence.licenceNumber,
    asOf,
    holder: file.holder,
    ...(file.address ? { address: file.address } : {}),
    issuedOn: file.issuedOn,
    probation:
      file.probationary && file.probationEndsOn
        ? {
            startedOn: file.issuedOn,
            endsOn: file.probationEndsOn,
            earlyLearning: file.earlyLearning,
            complementaryTraining: file.complementaryTrainingEffective,
          }
        : null,
    balance: {
      points: balance.points,
      capital: balance.capital,
      status: balance.status,
      invalidatedOn: balance.invalidatedOn ?? null,
      newLicenceAllowedFrom: balance.newLicenceAllowedFrom ?? null,
    },
    infractions: file.infractions,
    history: balance.history.map((h) => ({
      effectiveOn: h.effectiveOn,
      explanation: h.explanation,
      change: h.points,
      balanceAfter: h.balanceAfter,
      capitalAfter: h.capitalAfter,
      article: h.article,
    })),
    upcoming: balance.upcomingRestorations.map((u) => ({
      expectedOn: u.expectedOn,
      points: u.points,
      condition: u.condition,
    })),
    letters: letters
      .filter((l) => l.issuedOn <= asOf)
      .map((l) => ({
        reference: referenceOf(l),
        issuedOn: l.issuedOn,
        channel: l.channel,
        postedOn: l.postedOn ?? null,
      })),
  };
}
