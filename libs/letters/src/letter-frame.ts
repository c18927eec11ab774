import { displayedBalance, type LetterChannel, type LetterReference } from '@ledger/domain';
import { civilityOf, frenchDate, holderName, addressLines, points } from './letter-format';
import type { BalanceAfter, ComposedLetter, LetterInput, LetterSection } from './letter';

/** How each channel is announced on the letter and on the envelope's window (RULES §6). */
export const CHANNEL_LABELS: Record<LetterChannel, string> = {
  ORDINARY_MAIL: 'Lettre simple',
  REGISTERED: 'Lettre recommandée',
  REGISTERED_WITH_RECEIPT: 'Lettre recommandée avec demande d’avis de réception',
};

/** The sender, as the letterhead prints it: the service keeping the points register. */
export const SENDER = [
  'Registre national des points',
  'du permis de conduire',
  'Service des notifications aux titulaires',
];

export const SIGNATURE = ['Le service du registre national', 'des points du permis de conduire'];

/** The small print every letter carries (RULES §8 notices, in the letters' own words). */
export const COMMON_NOTES = [
  'Le solde indiqué est celui que le registre enregistrait à la date de cette lettre ; une infraction qui n’y serait pas encore inscrite n’y figure pas.',
  'Vous pouvez consulter votre solde à tout moment sur le service en ligne, après identification par FranceConnect. Seul le titulaire du permis peut en obtenir communication (article L225-3 du code de la route).',
];

export const licenceLine = (licenceNumber: string): string => `Permis de conduire n° ${licenceNumber}`;

export const titleOf = (reference: LetterReference): string =>
  reference === 'CORRECTION' ? 'Lettre de correction' : `Lettre ${reference}`;

/** "10 points sur un plafond de 12": the balance never printed below 0 (RULES §3). */
export function balanceRows(
  figures: BalanceAfter,
  label = 'Solde de points après cette décision',
): Array<[string, string]> {
  return [
    [label, points(displayedBalance(figures.rawBalanceAfter))],
    ['Plafond de votre permis', points(figures.capitalAfter)],
  ];
}

export interface LetterBody {
  subject: string;
  sections: LetterSection[];
  /** Extra small print, before the common notes. */
  notes?: string[];
}

/**
 * Frames a body into a whole letter: the licence number on the top line, the channel, the
 * letterhead, the holder's name and address, the date and reference, the subject, the salutation,
 * the body, the closing and the signature; and the same as plain text.
 */
export function frameLetter(input: LetterInput, channel: LetterChannel, body: LetterBody): ComposedLetter {
  const civility = civilityOf(input.holder);
  const letter: Omit<ComposedLetter, 'lines'> = {
    letterId: input.letterId,
    reference: input.reference,
    channel,
    issuedOn: input.issuedOn,
    licenceNumber: input.licenceNumber,
    licenceLine: licenceLine(input.licenceNumber),
    title: titleOf(input.reference),
    channelLabel: CHANNEL_LABELS[channel],
    sender: SENDER,
    recipient: [holderName(input.holder), ...addressLines(input.address)],
    placeAndDate: `Paris, le ${frenchDate(input.issuedOn)}`,
    referenceLine: `Référence : ${titleOf(input.reference)} — ${input.letterId}`,
    subject: `Objet : ${body.subject}`,
    salutation: `${civility},`,
    sections: body.sections,
    closing: `Nous vous prions d’agréer, ${civility}, l’expression de nos salutations distinguées.`,
    signature: SIGNATURE,
    notes: [...(body.notes ?? []), ...COMMON_NOTES],
  };
  return { ...letter, lines: textLines(letter) };
}

/** The letter as text: one line per heading, paragraph or row; blank lines between blocks. */
export function textLines(letter: Omit<ComposedLetter, 'lines'>): string[] {
  const lines: string[] = [
    letter.licenceLine,
    `${letter.title} — ${letter.channelLabel}`,
    '',
    ...letter.sender,
    '',
    ...letter.recipient,
    '',
    letter.placeAndDate,
    letter.referenceLine,
    '',
    letter.subject,
    '',
    letter.salutation,
  ];
  for (const section of letter.sections) {
    lines.push('');
    switch (section.kind) {
      case 'paragraph':
        lines.push(section.text);
        break;
      case 'facts':
        if (section.title) lines.push(section.title);
        for (const [label, value] of section.rows) lines.push(`${label} : ${value}`);
        break;
      case 'table':
        lines.push(section.title);
        lines.push(section.columns.join(' | '));
        for (const row of section.rows) lines.push(row.join(' | '));
        for (const [label, value] of section.totals) lines.push(`${label} : ${value}`);
        break;
      default: {
        const exhaustive: never = section;
        throw new Error(`Unknown section ${JSON.stringify(exhaustive)}`);
      }
    }
  }
  lines.push('', letter.closing, '', ...letter.signature, '', ...letter.notes);
  return lines;
}
