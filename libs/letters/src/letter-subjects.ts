import type { LetterReference } from '@ledger/domain';

/**
 * What each letter is about, in a few words a holder understands (RULES §6): the holder's page and
 * the full record name the letters with these, after their reference ("Lettre 48SI — …").
 */
export const LETTER_SUBJECTS: Readonly<Record<LetterReference, string>> = {
  '48': 'information sur un retrait de points',
  '48M': 'solde de points faible, invitation à suivre un stage',
  '48N': 'permis probatoire : stage obligatoire',
  '48SI': 'invalidation du permis pour solde nul',
  '46': 'reconstitution du capital de points',
  '46D': 'restitution d’un point après six mois',
  '46B': 'restitution de points après dix ans',
  '47': 'points crédités après un stage',
  CORRECTION: 'correction de votre dossier',
};

/** "Lettre 48SI — invalidation du permis pour solde nul"; "Lettre de correction — correction de votre dossier" reads badly, hence its own form. */
export const letterHeadline = (reference: LetterReference): string =>
  reference === 'CORRECTION' ? 'Lettre de correction de votre dossier' : `Lettre ${reference} — ${LETTER_SUBJECTS[reference]}`;
