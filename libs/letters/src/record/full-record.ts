import {
  describeOffence,
  type CalendarDate,
  type CivilStatus,
  type InfractionView,
  type LetterChannel,
  type LetterReference,
  type PostalAddress,
} from '@ledger/domain';
import { CHANNEL_LABELS } from '../letter-frame';
import { letterHeadline } from '../letter-subjects';
import { frenchDate, holderName, points, signedPoints } from '../letter-format';
import { classPhrase, ESTABLISHMENT_PHRASES } from '../letter-texts/infraction-phrases';

/**
 * The full record ("relevé d'information intégral", issue 15): everything the file holds of one
 * licence on a date, for its holder or staff with ledger.reader. The caller gathers it from the read
 * model; the history's sentences come already written (the API's explanations), the rest is worded
 * here, in the letters' French.
 */
export interface FullRecordInput {
  licenceNumber: string;
  asOf: CalendarDate;
  holder: CivilStatus;
  address?: PostalAddress;
  issuedOn: CalendarDate;
  /** The licence's probation, ended or not; null for a licence issued without one. */
  probation: { startedOn: CalendarDate; endsOn: CalendarDate; earlyLearning: boolean; complementaryTraining: boolean } | null;
  balance: {
    points: number;
    capital: number;
    status: 'VALID' | 'INVALIDATION_PENDING' | 'INVALIDATED';
    invalidatedOn?: CalendarDate | null;
    newLicenceAllowedFrom?: CalendarDate | null;
  };
  /** Every infraction on file committed by asOf, cancelled ones included. */
  infractions: readonly InfractionView[];
  history: ReadonlyArray<{ effectiveOn: CalendarDate; explanation: string; change: number; balanceAfter: number; capitalAfter: number; article: string }>;
  upcoming: ReadonlyArray<{ expectedOn: CalendarDate; points: number; condition: string }>;
  letters: ReadonlyArray<{ reference: LetterReference; issuedOn: CalendarDate; channel: LetterChannel; postedOn?: CalendarDate | null }>;
}

/** A table of the record: its headings, relative column widths, and its rows as text. */
export interface RecordTable {
  title: string;
  columns: ReadonlyArray<{ heading: string; weight: number }>;
  rows: string[][];
  /** What is printed when there is no row. */
  empty: string;
}

export interface ComposedFullRecord {
  title: string;
  licenceLine: string;
  asOf: CalendarDate;
  headline: string;
  status: string;
  identity: Array<[string, string]>;
  licence: Array<[string, string]>;
  tables: RecordTable[];
}

const GENDERS = { FEMALE: 'féminin', MALE: 'masculin' } as const;

function statusSentence(balance: FullRecordInput['balance']): string {
  switch (balance.status) {
    case 'INVALIDATED':
      return `Permis invalidé pour solde nul depuis le ${frenchDate(balance.invalidatedOn ?? '')} (article L223-5).${balance.newLicenceAllowedFrom ? ` Nouveau permis possible à partir du ${frenchDate(balance.newLicenceAllowedFrom)}.` : ''}`;
    case 'INVALIDATION_PENDING':
      return 'Invalidation en cours : solde nul, lettre 48SI en attente de remise. Le permis reste valide jusqu’à sa remise (article L223-5).';
    case 'VALID':
      return 'Permis valide.';
  }
}

function infractionStatus(infraction: InfractionView, asOf: CalendarDate): string {
  if (infraction.cancelledOn && infraction.cancelledOn <= asOf) {
    return `Annulée le ${frenchDate(infraction.cancelledOn)}${infraction.cancellationReason ? ` (${infraction.cancellationReason})` : ''}`;
  }
  if (infraction.establishedOn && infraction.establishedOn <= asOf) {
    const how = infraction.establishedBy ? ` par ${ESTABLISHMENT_PHRASES[infraction.establishedBy]}` : '';
    return `Établie le ${frenchDate(infraction.establishedOn)}${how}`;
  }
  return 'Enregistrée, réalité non encore établie';
}

export function composeFullRecord(input: FullRecordInput): ComposedFullRecord {
  const { holder, asOf } = input;
  const licenceLine = `Permis de conduire n° ${input.licenceNumber}`;
  return {
    title: 'Relevé d’information intégral',
    licenceLine,
    asOf,
    headline: `${points(input.balance.points)} sur un capital de ${input.balance.capital}`,
    status: statusSentence(input.balance),
    identity: [
      ['Titulaire', holderName(holder)],
      ['Nom de naissance', holder.familyName.toLocaleUpperCase('fr-FR')],
      ['Prénoms', holder.givenNames],
      ['Date de naissance', frenchDate(holder.birthdate)],
      ['Sexe', GENDERS[holder.gender]],
      ['Lieu de naissance', holder.birthplace ? `commune INSEE ${holder.birthplace}` : 'hors de France'],
      ['Pays de naissance', holder.birthcountry === '99100' ? 'France' : `pays INSEE ${holder.birthcountry}`],
      ['Adresse', input.address ? [...input.address.lines, `${input.address.postalCode} ${input.address.city}`, input.address.country ?? ''].filter((l) => l).join(', ') : 'non enregistrée'],
    ],
    licence: [
      ['Numéro', input.licenceNumber],
      ['Délivré le', frenchDate(input.issuedOn)],
      [
        'Période probatoire',
        input.probation
          ? `du ${frenchDate(input.probation.startedOn)}, fin le ${frenchDate(input.probation.endsOn)} (${input.probation.endsOn <= asOf ? 'terminée' : 'en cours'})${input.probation.earlyLearning ? ', apprentissage anticipé de la conduite' : ''}${input.probation.complementaryTraining ? ', formation complémentaire suivie' : ''}`
          : 'aucune (permis délivré sans période probatoire)',
      ],
    ],
    tables: [
      {
        title: 'Infractions',
        columns: [
          { heading: 'Commise le', weight: 1.6 },
          { heading: 'Infraction', weight: 2.6 },
          { heading: 'Classe', weight: 1.6 },
          { heading: 'Suite', weight: 2.6 },
          { heading: 'Points retirés', weight: 1 },
        ],
        rows: input.infractions
          .filter((i) => i.committedOn <= asOf)
          .map((i) => [
            frenchDate(i.committedOn),
            describeOffence(i.offenceCode),
            classPhrase(i.offenceClass),
            infractionStatus(i, asOf),
            i.establishedOn && i.establishedOn <= asOf && !(i.cancelledOn && i.cancelledOn <= asOf) ? points(i.withdrawn) : '—',
          ]),
        empty: 'Aucune infraction enregistrée.',
      },
      {
        title: 'Décisions (retraits, restitutions, stages, période probatoire)',
        columns: [
          { heading: 'Date', weight: 1.6 },
          { heading: 'Décision', weight: 4.8 },
          { heading: 'Points', weight: 1 },
          { heading: 'Solde', weight: 0.9 },
          { heading: 'Article', weight: 0.9 },
        ],
        rows: input.history.map((h) => [frenchDate(h.effectiveOn), h.explanation, signedPoints(h.change), `${h.balanceAfter} / ${h.capitalAfter}`, h.article]),
        empty: 'Aucune décision.',
      },
      {
        title: 'Restitutions à venir',
        columns: [
          { heading: 'Date prévue', weight: 1.6 },
          { heading: 'Points', weight: 1 },
          { heading: 'Condition', weight: 6.8 },
        ],
        rows: input.upcoming.map((u) => [frenchDate(u.expectedOn), signedPoints(u.points), u.condition]),
        empty: 'Aucune restitution prévue.',
      },
      {
        title: 'Courriers adressés (dont les corrections)',
        columns: [
          { heading: 'Date', weight: 1.6 },
          { heading: 'Courrier', weight: 3.6 },
          { heading: 'Envoi', weight: 2.6 },
          { heading: 'Posté le', weight: 1.8 },
        ],
        rows: input.letters.map((l) => [frenchDate(l.issuedOn), letterHeadline(l.reference), CHANNEL_LABELS[l.channel], l.postedOn ? frenchDate(l.postedOn) : 'pas encore posté']),
        empty: 'Aucun courrier.',
      },
    ],
  };
}
