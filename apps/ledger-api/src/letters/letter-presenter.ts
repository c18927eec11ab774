import type { LetterReference } from '@ledger/domain';
import { NO_ADDRESS } from '@ledger/letters';
import type { StoredLetter } from '@ledger/read-models/letters';
import type { Letter } from '../graphql/balance.types';
import type { PrintRunLetter } from '../graphql/letters.types';

/** The contract's LetterReference values: the reference prefixed by REF_ (REF_48SI, REF_CORRECTION). */
export const referenceEnum = (reference: LetterReference): Letter['reference'] => `REF_${reference}`;

/** Where the same caller fetches the PDF (LetterPdfController). */
export const letterPdfUrl = (letterId: string): string => `/letters/${letterId}.pdf`;

export function presentLetter(stored: StoredLetter): Letter {
  return {
    letterId: stored.letterId,
    reference: referenceEnum(stored.reference),
    issuedOn: stored.issuedOn,
    channel: stored.channel,
    text: stored.text,
    pdfUrl: letterPdfUrl(stored.letterId),
    postedOn: stored.postedOn,
  };
}

export function presentPrintRunLetter(stored: StoredLetter): PrintRunLetter {
  const [recipient, ...address] = stored.letter.recipient;
  return {
    letterId: stored.letterId,
    licenceNumber: stored.licenceNumber,
    reference: referenceEnum(stored.reference),
    channel: stored.channel,
    issuedOn: stored.issuedOn,
    recipient,
    postalAddress: address.length === 1 && address[0] === NO_ADDRESS ? null : address,
    postedOn: stored.postedOn,
    pdfUrl: letterPdfUrl(stored.letterId),
  };
}
