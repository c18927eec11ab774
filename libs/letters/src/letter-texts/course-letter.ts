import { COURSE_POINTS } from '@ledger/domain';
import { frenchDate, points } from '../letter-format';
import { balanceRows, type LetterBody } from '../letter-frame';
import type { LetterCause, LetterSection } from '../letter';

type CourseCredited = Extract<LetterCause, { kind: 'COURSE_CREDITED' }>;

/** 47: the points a training course credits, within the ceiling (L223-6 ¶4, R223-8). */
export function courseBody(cause: CourseCredited): LetterBody {
  const days =
    cause.firstDay && cause.lastDay
      ? `les ${frenchDate(cause.firstDay)} et ${frenchDate(cause.lastDay)}`
      : `jusqu’à la veille du ${frenchDate(cause.effectiveOn)}`;
  const sections: LetterSection[] = [
    {
      kind: 'paragraph',
      text: `Vous avez suivi un stage de sensibilisation à la sécurité routière ${days}. En application de l’article L223-6 (alinéa 4) et de l’article R223-8 du code de la route, ${points(cause.points)} ${cause.points >= 2 ? 'sont ajoutés' : 'est ajouté'} à votre permis de conduire le ${frenchDate(cause.effectiveOn)}, lendemain du dernier jour du stage.`,
      emphasis: true,
    },
  ];
  if (cause.points < COURSE_POINTS) {
    sections.push({
      kind: 'paragraph',
      text: `Un stage rapporte au plus ${points(COURSE_POINTS)}, sans que le solde puisse dépasser le plafond de votre permis : seuls ${points(cause.points)} ont donc pu être ajoutés.`,
    });
  }
  sections.push(
    {
      kind: 'facts',
      title: 'Ce qui a été enregistré',
      rows: [
        ['Date d’effet', frenchDate(cause.effectiveOn)],
        ['Points ajoutés', points(cause.points)],
        ...balanceRows(cause),
      ],
    },
    {
      kind: 'paragraph',
      text: 'Un autre stage ne pourra vous rapporter de points que s’il commence plus d’un an après le dernier jour de celui-ci.',
    },
  );
  return {
    subject: 'points ajoutés à la suite d’un stage de sensibilisation à la sécurité routière',
    sections,
  };
}
