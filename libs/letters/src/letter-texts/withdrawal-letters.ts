import {
  displayedBalance,
  fullRestorationDate,
  lengthensFullRestoration,
  sixMonthRestorationDate,
  type LetterReference,
} from '@ledger/domain';
import { frenchDate, points, signedPoints } from '../letter-format';
import { balanceRows, type LetterBody } from '../letter-frame';
import type { LetterCause, LetterInfraction, LetterSection } from '../letter';
import {
  ESTABLISHMENT_PHRASES,
  classPhrase,
  infractionSentence,
  infractionShort,
} from './infraction-phrases';

export type WithdrawalCause = Extract<LetterCause, { kind: 'WITHDRAWAL' }>;
type WithdrawalReference = Extract<LetterReference, '48' | '48M' | '48N' | '48SI'>;

/** The 8-point cap on simultaneous infractions (L223-2 III, R223-2). */
const SIMULTANEOUS_CAP = 8;

/** What happened: the infraction(s), how and when they were established, the figures. */
function whatHappened(cause: WithdrawalCause, { sayProbation = true } = {}): LetterSection[] {
  const several = cause.infractions.length > 1;
  const established = cause.infractions.find((i) => i.establishedBy !== undefined);
  const how = established?.establishedBy ? `, par ${ESTABLISHMENT_PHRASES[established.establishedBy]}` : '';
  const sections: LetterSection[] = [
    {
      kind: 'paragraph',
      text: several
        ? `Le registre national des points a enregistré un retrait de ${points(cause.points)} sur votre permis de conduire, à la suite des infractions mentionnées ci-dessous, commises simultanément lors d’un même contrôle.`
        : `Le registre national des points a enregistré un retrait de ${points(cause.points)} sur votre permis de conduire, à la suite de l’infraction mentionnée ci-dessous.`,
    },
    {
      kind: 'paragraph',
      text: `Ce retrait prend effet le ${frenchDate(cause.effectiveOn)}, date à laquelle la réalité de ${several ? 'ces infractions' : 'cette infraction'} a été établie${how} (article L223-1 du code de la route).`,
    },
  ];
  const rows: Array<[string, string]> = [];
  for (const infraction of cause.infractions) {
    rows.push(['Infraction', infractionSentence(infraction)]);
    if (several && infraction.points !== undefined)
      rows.push(['Points retenus pour cette infraction', points(infraction.points)]);
  }
  rows.push(['Date d’effet du retrait', frenchDate(cause.effectiveOn)]);
  rows.push(['Points retirés', points(cause.points)]);
  rows.push(...balanceRows(cause, 'Solde de points après ce retrait'));
  if (cause.probationary && sayProbation) rows.push(['Situation du permis', 'permis probatoire']);
  sections.push({ kind: 'facts', title: 'Ce qui a été enregistré', rows });
  if (several) {
    sections.push({
      kind: 'paragraph',
      text: `Pour des infractions commises simultanément, le total des points retirés ne peut dépasser ${SIMULTANEOUS_CAP} (article L223-2 III du code de la route).`,
    });
  }
  return sections;
}

/**
 * The point of an infraction whose own figure is one point, and which withdrew it, comes back after
 * six months, in probation too (L223-6 ¶3); a share cut to one point by the 8-point cap does not.
 */
function onePointBack(cause: WithdrawalCause): LetterSection[] {
  const withdrew = (i: LetterInfraction) =>
    i.points ?? (cause.infractions.length === 1 ? cause.points : undefined);
  const onePoint = cause.infractions.filter((i) => withdrew(i) === 1 && (i.offencePoints ?? 1) === 1);
  return onePoint.map((infraction) => ({
    kind: 'paragraph',
    text: `Le point retiré pour l’infraction du ${frenchDate(infraction.committedOn)} vous sera rendu le ${frenchDate(sixMonthRestorationDate(infraction.establishedOn ?? cause.effectiveOn))}, si aucune infraction entraînant un retrait de points n’est commise d’ici là (article L223-6, alinéa 3, du code de la route).`,
  }));
}

/** When the points come back if nothing else happens (L223-6), or what probation means now. */
function whatComesNext(cause: WithdrawalCause): LetterSection[] {
  if (cause.probationary) {
    return [
      {
        kind: 'paragraph',
        text: 'Votre permis de conduire reste valable. Il est en période probatoire : une infraction ayant entraîné un retrait de points met fin aux majorations annuelles de votre capital. Le plafond de votre permis reste celui indiqué ci-dessus jusqu’à la fin de la période probatoire, puis passe à 12 points (articles L223-1 et R223-1 du code de la route).',
      },
      ...onePointBack(cause),
    ];
  }
  const severeHere = cause.infractions.find((i) => lengthensFullRestoration(i.offenceClass));
  const severe = cause.severeSinceLastFullRestoration || severeHere !== undefined;
  const restoredOn = fullRestorationDate(cause.effectiveOn, severe);
  const why = severeHere
    ? `${cause.infractions.length > 1 ? 'l’une des infractions' : 'l’infraction'} étant ${severeHere.offenceClass === 'DELIT' ? 'un' : 'une'} ${classPhrase(severeHere.offenceClass)}`
    : severe
      ? 'une infraction ayant entraîné un retrait depuis la dernière reconstitution de votre capital étant un délit ou une contravention de la 4e ou de la 5e classe'
      : 'aucune infraction ayant entraîné un retrait depuis la dernière reconstitution de votre capital n’étant un délit ou une contravention de la 4e ou de la 5e classe';
  return [
    {
      kind: 'paragraph',
      text: `Si, d’ici là, aucune autre infraction n’entraîne de retrait de points, votre permis retrouvera son plafond de ${points(cause.capitalAfter)} le ${frenchDate(restoredOn)}, soit ${severe ? 'trois' : 'deux'} ans après ce retrait, ${why} (article L223-6, alinéas 1 et 2, du code de la route).`,
    },
    ...onePointBack(cause),
  ];
}

const stillValid: LetterSection = { kind: 'paragraph', text: 'Votre permis de conduire reste valable.' };

const VOLUNTARY_COURSE: LetterSection = {
  kind: 'paragraph',
  text: 'Nous vous invitons à suivre un stage de sensibilisation à la sécurité routière (article R223-8 du code de la route). Ce stage de deux jours consécutifs, organisé par un établissement agréé par le préfet, vous permet de récupérer 4 points, dans la limite du plafond de votre permis, dès le lendemain de son dernier jour. Il est volontaire et à vos frais ; un seul stage peut être pris en compte par période d’un an.',
};

function body48(cause: WithdrawalCause): LetterBody {
  return {
    subject: `retrait de ${points(cause.points)} sur votre permis de conduire`,
    sections: [...whatHappened(cause), ...(cause.probationary ? [] : [stillValid]), ...whatComesNext(cause)],
  };
}

function body48M(cause: WithdrawalCause): LetterBody {
  const balance = displayedBalance(cause.rawBalanceAfter);
  return {
    subject: `retrait de ${points(cause.points)} — il reste ${points(balance)} sur votre permis`,
    sections: [
      ...whatHappened(cause),
      {
        kind: 'paragraph',
        text: `Votre permis de conduire reste valable, mais il ne compte plus que ${points(balance)}. Si son solde devenait nul, il perdrait sa validité (article L223-1 du code de la route).`,
        emphasis: true,
      },
      VOLUNTARY_COURSE,
      ...whatComesNext(cause),
    ],
  };
}

function body48N(cause: WithdrawalCause): LetterBody {
  const largest = Math.max(
    ...cause.infractions.map((i) => i.points ?? 0),
    cause.infractions.length === 1 ? cause.points : 0,
  );
  return {
    subject: `retrait de ${points(cause.points)} en période probatoire — stage de sensibilisation obligatoire`,
    sections: [
      ...whatHappened(cause, { sayProbation: false }),
      {
        kind: 'paragraph',
        text: `Votre permis est en période probatoire et une seule infraction vous a fait perdre ${points(largest)}. Vous devez donc suivre un stage de sensibilisation à la sécurité routière (article R223-4 du code de la route).`,
        emphasis: true,
      },
      {
        kind: 'paragraph',
        text: 'Ce stage doit être accompli dans un délai de quatre mois à compter de la réception de la présente lettre, auprès d’un établissement agréé par le préfet. Conservez l’avis de réception : il fait courir ce délai.',
        emphasis: true,
      },
      {
        kind: 'paragraph',
        text: 'Le stage vous permet de récupérer 4 points dans la limite du plafond de votre permis, dès le lendemain de son dernier jour ; il compte comme le stage de l’année (articles L223-6 et R223-8).',
      },
      {
        kind: 'paragraph',
        text: 'Ne pas accomplir ce stage dans le délai vous expose à l’amende prévue pour les contraventions de la 4e classe, ainsi qu’à une suspension de votre permis de conduire (article R223-4 du code de la route).',
      },
      ...whatComesNext(cause),
    ],
  };
}

function recapTable(cause: WithdrawalCause): LetterSection[] {
  const recap = cause.recap;
  if (!recap) return [];
  const since =
    recap.since.event === 'ISSUE'
      ? `délivrance du permis, le ${frenchDate(recap.since.on)}`
      : `dernière reconstitution du capital, le ${frenchDate(recap.since.on)}`;
  const kindLabels = {
    WITHDRAWAL: 'Retrait',
    RESTORATION: 'Restitution',
    COURSE: 'Stage de sensibilisation',
    PROBATION: 'Période probatoire',
  } as const;
  const rows = recap.movements.map((movement) => [
    frenchDate(movement.effectiveOn),
    movement.infractions.length > 0
      ? movement.infractions.map(infractionShort).join(' ; ')
      : kindLabels[movement.kind],
    signedPoints(movement.change),
  ]);
  return [
    {
      kind: 'table',
      title: 'Récapitulatif des retraits ayant conduit à un solde nul',
      columns: ['Date d’effet', 'Infraction(s) ou décision', 'Points'],
      rows,
      totals: [
        [`Solde au départ (${since})`, points(displayedBalance(recap.startingRawBalance))],
        ['Solde après le dernier retrait', points(displayedBalance(cause.rawBalanceAfter))],
      ],
    },
  ];
}

function body48SI(cause: WithdrawalCause): LetterBody {
  return {
    subject: 'invalidation de votre permis de conduire pour solde de points nul',
    sections: [
      ...whatHappened(cause),
      {
        kind: 'paragraph',
        text: 'Ce retrait porte à zéro le solde de points de votre permis de conduire. En application des articles L223-1 et L223-5 du code de la route, votre permis de conduire perd sa validité.',
        emphasis: true,
      },
      {
        kind: 'paragraph',
        text: 'Cette invalidation prend effet le jour où la présente lettre vous est remise : date de signature de l’avis de réception ou, si vous ne retirez pas la lettre, date de sa première présentation augmentée de quinze jours. À partir de ce jour, vous ne pouvez plus conduire.',
      },
      ...recapTable(cause),
      {
        kind: 'paragraph',
        text: 'Vous devez remettre votre permis de conduire à la préfecture de votre département de résidence dans un délai de dix jours à compter de la réception de la présente lettre.',
        emphasis: true,
      },
      {
        kind: 'paragraph',
        text: 'Conduire malgré cette invalidation, ou ne pas restituer votre permis, vous expose à des poursuites pénales (article L223-5 du code de la route).',
      },
      {
        kind: 'paragraph',
        text: 'Si vous avez achevé un stage de sensibilisation à la sécurité routière avant la remise de cette lettre, signalez-le sans attendre : les points qu’il rapporte sont pris en compte et peuvent maintenir la validité de votre permis.',
      },
      {
        kind: 'paragraph',
        text: 'Vous ne pourrez demander un nouveau permis de conduire qu’à l’issue d’un délai de six mois à compter de la date à laquelle vous aurez remis votre permis ; ce délai est d’un an si votre permis a déjà été invalidé pour solde nul au cours des cinq années précédentes (article L223-5 du code de la route). Le nouveau permis sera un permis probatoire doté de 6 points.',
      },
    ],
  };
}

/** The 48-series letters (RULES §6): the most specific one is chosen upstream by `letterFor`. */
export function withdrawalBody(reference: WithdrawalReference, cause: WithdrawalCause): LetterBody {
  switch (reference) {
    case '48':
      return body48(cause);
    case '48M':
      return body48M(cause);
    case '48N':
      return body48N(cause);
    case '48SI':
      return body48SI(cause);
    default: {
      const exhaustive: never = reference;
      return exhaustive;
    }
  }
}
