import type { LicenceDecision } from '@ledger/domain';
import { frenchDate } from '@ledger/letters';
import type { InfractionWording } from './infraction-wording';

const plural = (n: number, word: string) => `${n} ${word}${Math.abs(n) > 1 ? 's' : ''}`;

/** How an infraction is named in a sentence: its description, class and date, never its internal id. */
export type WordInfraction = (infractionId: string) => InfractionWording | null;

const named = (word: WordInfraction, id: string | undefined): string =>
  (id !== undefined ? word(id)?.sentence : undefined) ?? 'une infraction';

/** The article of the Code de la route each entry of the history applies. */
export function articleOf(decision: LicenceDecision): string {
  switch (decision.type) {
    case 'PointsWithdrawn':
      return decision.data.infractionIds.length > 1 ? 'L223-2' : 'L223-1';
    case 'PointsRestored':
      return 'L223-6';
    case 'TrainingCourseCredited':
      return 'R223-8';
    case 'ProbationIncrementGranted':
    case 'ProbationEnded':
      return 'R223-1';
    case 'LicenceInvalidated':
      return 'L223-5';
  }
}

/** One sentence a holder understands, citing the rule, for each entry of the history. */
export function explain(decision: LicenceDecision, word: WordInfraction = () => null): string {
  switch (decision.type) {
    case 'PointsWithdrawn': {
      const { points, infractionIds } = decision.data;
      const which =
        infractionIds.length > 1
          ? `des infractions ${infractionIds.map((id) => named(word, id)).join(', ')}, commises simultanément (plafond de 8 points, article L223-2)`
          : `de l'infraction ${named(word, infractionIds[0])}`;
      return `Retrait de ${plural(points, 'point')} à la suite ${which}, dont la réalité est établie (article L223-1).`;
    }
    case 'PointsRestored':
      switch (decision.data.kind) {
        case 'FULL':
          return `Reconstitution du capital : aucune nouvelle infraction entraînant un retrait de points pendant ${decision.data.periodMonths / 12} ans depuis le ${frenchDate(decision.data.sinceEstablishedOn)} (article L223-6).`;
        case 'SIX_MONTHS':
          return `Restitution du point retiré pour l'infraction ${named(word, decision.data.infractionId)} : six mois sans nouvelle infraction entraînant un retrait de points (article L223-6).`;
        case 'TEN_YEARS':
          return `Restitution de ${plural(decision.data.points, 'point')} retirés pour l'infraction ${named(word, decision.data.infractionId)}, dix ans après sa constatation (article L223-6).`;
      }
      break;
    case 'TrainingCourseCredited':
      return `Stage de sensibilisation à la sécurité routière : ${plural(decision.data.points, 'point')} crédités dans la limite du plafond (articles L223-6 et R223-8).`;
    case 'ProbationIncrementGranted':
      return `Permis probatoire : ${plural(decision.data.points, 'point')} ajoutés à la date anniversaire, faute d'infraction ayant entraîné un retrait de points (article R223-1).`;
    case 'ProbationEnded':
      return decision.data.points > 0
        ? `Fin de la période probatoire : le permis atteint 12 points (articles L223-1 et R223-1).`
        : `Fin de la période probatoire : le plafond passe à 12 points ; le solde y parviendra par la reconstitution du capital (article L223-6).`;
    case 'LicenceInvalidated':
      return `Invalidation du permis pour solde nul, effective à la remise de la lettre 48SI (article L223-5).`;
  }
  return '';
}

/** The condition under which an upcoming restoration happens. */
export function conditionOf(decision: LicenceDecision): string {
  switch (decision.type) {
    case 'PointsRestored':
      return decision.data.kind === 'TEN_YEARS'
        ? 'Aucune condition : les points reviennent dix ans après la constatation (article L223-6).'
        : "À condition de ne commettre aucune nouvelle infraction entraînant un retrait de points d'ici là (article L223-6).";
    case 'ProbationIncrementGranted':
    case 'ProbationEnded':
      return 'À condition de ne commettre aucune infraction entraînant un retrait de points pendant la période probatoire (article R223-1).';
    case 'TrainingCourseCredited':
      return 'Le stage est déjà suivi : le crédit prend effet le lendemain de son dernier jour (article R223-8).';
    default:
      return "À condition qu'aucune nouvelle infraction ne soit commise.";
  }
}
