import { displayedBalance } from '@ledger/domain';
import { frenchDate, periodInWords, points } from '../letter-format';
import { balanceRows, type LetterBody } from '../letter-frame';
import type { LetterCause, LetterSection } from '../letter';
import { infractionSentence } from './infraction-phrases';

type FullRestoration = Extract<LetterCause, { kind: 'FULL_RESTORATION' }>;
type ProbationEnd = Extract<LetterCause, { kind: 'PROBATION_END' }>;
type PointRestoration = Extract<LetterCause, { kind: 'SIX_MONTHS_RESTORATION' | 'TEN_YEARS_RESTORATION' }>;

function figures(cause: FullRestoration | ProbationEnd | PointRestoration, label: string): LetterSection {
  return {
    kind: 'facts',
    title: 'Ce qui a été enregistré',
    rows: [
      ['Date d’effet', frenchDate(cause.effectiveOn)],
      [label, points(cause.points)],
      ...balanceRows(cause),
    ],
  };
}

/** 46: the full restoration after two or three years without a withdrawal-causing infraction (L223-6 ¶1–2). */
export function fullRestorationBody(cause: FullRestoration): LetterBody {
  const period = periodInWords(cause.periodMonths);
  const sections: LetterSection[] = [
    {
      kind: 'paragraph',
      text: `Aucune infraction ayant entraîné un retrait de points n’a été commise pendant ${period} à compter du ${frenchDate(cause.sinceEstablishedOn)}, date à laquelle la réalité de votre dernière infraction a été établie.`,
    },
    {
      kind: 'paragraph',
      text: `En application de l’article L223-6 (alinéas 1 et 2) du code de la route, votre permis de conduire retrouve son plafond de ${points(cause.capitalAfter)} le ${frenchDate(cause.effectiveOn)}.`,
      emphasis: true,
    },
  ];
  if (cause.periodMonths >= 36) {
    sections.push({
      kind: 'paragraph',
      text: 'Ce délai est de trois ans, et non de deux, parce qu’au moins une des infractions ayant entraîné un retrait depuis la délivrance du permis ou la précédente reconstitution était un délit ou une contravention de la 4e ou de la 5e classe.',
    });
  }
  sections.push(figures(cause, 'Points restitués'));
  return { subject: `reconstitution du capital de points de votre permis de conduire`, sections };
}

/** 46 too: the end of probation brings the licence to 12 points (L223-1, R223-1 II). */
export function probationEndBody(cause: ProbationEnd): LetterBody {
  const balance = displayedBalance(cause.rawBalanceAfter);
  return {
    subject: 'fin de la période probatoire de votre permis de conduire',
    sections: [
      {
        kind: 'paragraph',
        text: `La période probatoire de votre permis de conduire a pris fin le ${frenchDate(cause.effectiveOn)}. Votre permis est désormais doté d’un plafond de ${points(cause.capitalAfter)} et compte ${points(balance)} (articles L223-1 et R223-1 du code de la route).`,
        emphasis: true,
      },
      figures(cause, 'Points ajoutés'),
    ],
  };
}

/** 46D: one point back six months after its withdrawal; 46B: points back ten years after (L223-6 ¶3 and ¶5). */
export function pointRestorationBody(cause: PointRestoration): LetterBody {
  const sixMonths = cause.kind === 'SIX_MONTHS_RESTORATION';
  const about = cause.infraction ? infractionSentence(cause.infraction) : undefined;
  const sections: LetterSection[] = sixMonths
    ? [
        {
          kind: 'paragraph',
          text: `${about ? `L’infraction suivante : ${about}, ` : 'Une infraction '}vous avait fait perdre un point, à compter du ${frenchDate(cause.sinceEstablishedOn)}. Aucune infraction ayant entraîné un retrait de points n’ayant été commise dans les six mois qui ont suivi, ce point vous est rendu le ${frenchDate(cause.effectiveOn)} (article L223-6, alinéa 3, du code de la route).`,
        },
      ]
    : [
        {
          kind: 'paragraph',
          text: `${about ? `Les points retirés pour l’infraction suivante : ${about}, ` : 'Les points retirés pour une contravention '}à compter du ${frenchDate(cause.sinceEstablishedOn)}, vous sont rendus dix ans après ce retrait, le ${frenchDate(cause.effectiveOn)}, dans la limite du plafond de votre permis (article L223-6, alinéa 5, du code de la route).`,
        },
        {
          kind: 'paragraph',
          text: 'Cette restitution concerne les contraventions des quatre premières classes ; elle ne rend que les points que cette infraction vous avait retirés et qui ne vous avaient pas déjà été rendus.',
        },
      ];
  sections.push(figures(cause, sixMonths ? 'Point restitué' : 'Points restitués'));
  return {
    subject: sixMonths
      ? 'restitution d’un point six mois après son retrait'
      : `restitution de ${points(cause.points)} dix ans après leur retrait`,
    sections,
  };
}
