import { displayedBalance, type DecisionType } from '@ledger/domain';
import { frenchDate, points, signedPoints } from '../letter-format';
import type { LetterBody } from '../letter-frame';
import type { LetterCause, LetterSection } from '../letter';
import { infractionSentence } from './infraction-phrases';

type Correction = Extract<LetterCause, { kind: 'CORRECTION' }>;

/** What the reversed decision was, in words: "le retrait de 4 points du 20 janvier 2024". */
function decisionPhrase(type: DecisionType, magnitude: number, on: string): string {
  const date = frenchDate(on);
  switch (type) {
    case 'PointsWithdrawn':
      return `le retrait de ${points(magnitude)} enregistré avec effet au ${date}`;
    case 'PointsRestored':
      return `la restitution de ${points(magnitude)} enregistrée avec effet au ${date}`;
    case 'TrainingCourseCredited':
      return `l’ajout de ${points(magnitude)} au titre d’un stage de sensibilisation, enregistré avec effet au ${date}`;
    case 'ProbationIncrementGranted':
      return `la majoration annuelle de ${points(magnitude)} de votre permis probatoire, enregistrée avec effet au ${date}`;
    case 'ProbationEnded':
      return `l’ajout de ${points(magnitude)} à la fin de votre période probatoire, enregistré avec effet au ${date}`;
    case 'LicenceInvalidated':
      return `l’invalidation de votre permis enregistrée avec effet au ${date}`;
    default: {
      const exhaustive: never = type;
      return exhaustive;
    }
  }
}

/** Why the law no longer holds that decision, citing the article it was taken under. */
function reason(cause: Correction): string {
  const cancelled = cause.infractions.filter((i) => i.cancelledOn !== undefined);
  switch (cause.reversedType) {
    case 'PointsWithdrawn':
      if (cancelled.length > 0 && cancelled.length === cause.infractions.length) {
        const which = cancelled
          .map((i) => `${infractionSentence(i)}, a été annulée le ${frenchDate(i.cancelledOn!)}`)
          .join(' ; ');
        return `L’infraction concernée, ${which}. Une infraction annulée n’entraîne aucun retrait de points (article L223-1 du code de la route) : ce retrait est donc réputé n’avoir jamais eu lieu.`;
      }
      return 'Des faits enregistrés depuis ont changé le calcul de ce retrait (infractions d’un même contrôle, annulation ou date d’établissement). Le retrait que le droit prévoit désormais vous est notifié par une lettre distincte s’il y a lieu (articles L223-1 et L223-2 du code de la route).';
    case 'PointsRestored':
      return 'Au vu des faits enregistrés depuis, les conditions de cette restitution n’étaient pas réunies à cette date : une infraction ayant entraîné un retrait de points a été commise pendant le délai d’attente, ou le retrait qu’elle compensait a lui-même été corrigé (article L223-6 du code de la route).';
    case 'TrainingCourseCredited':
      return 'Au vu des faits enregistrés depuis, le nombre de points que ce stage pouvait rapporter dans la limite du plafond de votre permis a changé (article L223-6, alinéa 4, et article R223-8 du code de la route). Le calcul que le droit prévoit désormais vous est notifié par une lettre distincte s’il y a lieu.';
    case 'ProbationIncrementGranted':
    case 'ProbationEnded':
      return 'Au vu des faits enregistrés depuis, une infraction ayant entraîné un retrait de points a été commise pendant la période probatoire : cette majoration n’était pas due (articles L223-1 et R223-1 du code de la route).';
    case 'LicenceInvalidated':
      return 'Au vu des faits enregistrés depuis, le solde de votre permis n’était pas nul à cette date (article L223-1 du code de la route).';
    default: {
      const exhaustive: never = cause.reversedType;
      return exhaustive;
    }
  }
}

/** CORRECTION: a recorded decision the law no longer holds is reversed, never erased (RULES §1). */
export function correctionBody(cause: Correction): LetterBody {
  const magnitude = Math.abs(cause.rawPointsChange);
  const what = decisionPhrase(cause.reversedType, magnitude, cause.reversedEffectiveOn);
  const balance = displayedBalance(cause.balanceAfter.rawPoints);
  const sections: LetterSection[] = [
    {
      kind: 'paragraph',
      text: `Nous vous informons que ${what} est annulé${/^(la|l’invalidation)/.test(what) ? 'e' : ''}.`,
      emphasis: true,
    },
    { kind: 'paragraph', text: reason(cause) },
    {
      kind: 'facts',
      title: 'Ce qui a été enregistré',
      rows: [
        ['Décision corrigée', what.charAt(0).toUpperCase() + what.slice(1)],
        ['Correction du solde', signedPoints(cause.rawPointsChange)],
        ['Date de la correction', frenchDate(cause.correctedOn)],
        ['Solde de points à cette date', points(balance)],
        ['Plafond de votre permis', points(cause.balanceAfter.capital)],
      ],
    },
    {
      kind: 'paragraph',
      text: 'Rien n’est effacé du registre : la décision initiale et sa correction y figurent toutes deux. Cette lettre complète celles que vous avez déjà reçues.',
    },
  ];
  return { subject: 'correction du solde de points de votre permis de conduire', sections };
}
