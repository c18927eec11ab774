import type {
  CalendarDate,
  CivilStatus,
  DecisionType,
  EstablishmentMode,
  LetterChannel,
  LetterReference,
  OffenceClass,
  OffenceCode,
  PostalAddress,
} from '@ledger/domain';

/**
 * What a letter says, as data: the letter workflow gathers it from the decision that causes the
 * letter and from what the licence's stream held before it, and composeLetter turns it into text.
 * Nothing here reads a clock: the same input always gives the same letter.
 */

/** An infraction as a letter names it. */
export interface LetterInfraction {
  infractionId: string;
  offenceCode: OffenceCode;
  offenceClass: OffenceClass;
  committedOn: CalendarDate;
  establishedOn?: CalendarDate;
  establishedBy?: EstablishmentMode;
  cancelledOn?: CalendarDate;
  /** What it withdrew in the decision the letter is about (after the simultaneous cap). */
  points?: number;
  /** Its own figure under the catalogue, before the simultaneous cap (decides the six-month rule). */
  offencePoints?: number;
  retainedExcessKmh?: number;
  speedLimitKmh?: number;
  alcoholGramsPerLitreBlood?: number;
}

/** The balance after the decision, as the decision itself recorded it. */
export interface BalanceAfter {
  /** Raw balance: may be negative (RULES §3); the letter prints it never below 0. */
  rawBalanceAfter: number;
  capitalAfter: number;
}

/** One line of the 48SI recap: a recorded change of the balance since the last full restoration. */
export interface RecapMovement {
  effectiveOn: CalendarDate;
  kind: 'WITHDRAWAL' | 'RESTORATION' | 'COURSE' | 'PROBATION';
  /** Signed change of the raw balance. */
  change: number;
  infractions: LetterInfraction[];
}

/** The withdrawals (and the credits between them) that led the balance to zero (R223-3). */
export interface InvalidationRecap {
  /** Where the count starts: the licence's issue, or the last full restoration. */
  since: { on: CalendarDate; event: 'ISSUE' | 'FULL_RESTORATION' };
  startingRawBalance: number;
  movements: RecapMovement[];
}

export type LetterCause =
  | ({
      kind: 'WITHDRAWAL';
      effectiveOn: CalendarDate;
      points: number;
      probationary: boolean;
      infractions: LetterInfraction[];
      /**
       * Whether a withdrawal since the issue or the last full restoration (this one included) was
       * for a délit or a 4th/5th-class contravention: the full restoration then waits 3 years (L223-6).
       */
      severeSinceLastFullRestoration: boolean;
      /** Only for a 48SI. */
      recap?: InvalidationRecap;
    } & BalanceAfter)
  | ({
      kind: 'FULL_RESTORATION';
      effectiveOn: CalendarDate;
      points: number;
      sinceEstablishedOn: CalendarDate;
      periodMonths: number;
    } & BalanceAfter)
  | ({ kind: 'PROBATION_END'; effectiveOn: CalendarDate; points: number } & BalanceAfter)
  | ({
      kind: 'SIX_MONTHS_RESTORATION' | 'TEN_YEARS_RESTORATION';
      effectiveOn: CalendarDate;
      points: number;
      sinceEstablishedOn: CalendarDate;
      infraction?: LetterInfraction;
    } & BalanceAfter)
  | ({
      kind: 'COURSE_CREDITED';
      effectiveOn: CalendarDate;
      points: number;
      firstDay?: CalendarDate;
      lastDay?: CalendarDate;
    } & BalanceAfter)
  | {
      kind: 'CORRECTION';
      reversedType: DecisionType;
      /** The date of the decision the correction undoes. */
      reversedEffectiveOn: CalendarDate;
      /** Signed change of the raw balance the correction makes. */
      rawPointsChange: number;
      correctedOn: CalendarDate;
      /** The infractions the reversed decision concerned, as the file holds them now. */
      infractions: LetterInfraction[];
      /** The balance on the day of the correction, knowing every fact recorded so far. */
      balanceAfter: { rawPoints: number; capital: number };
    };

export interface LetterInput {
  letterId: string;
  reference: LetterReference;
  /** The business day the causing event was recorded on: the letter's date. */
  issuedOn: CalendarDate;
  licenceNumber: string;
  holder: CivilStatus;
  address?: PostalAddress;
  cause: LetterCause;
}

/** A block of the letter's body. */
export type LetterSection =
  | { kind: 'paragraph'; text: string; emphasis?: boolean }
  | { kind: 'facts'; title?: string; rows: Array<[label: string, value: string]> }
  | {
      kind: 'table';
      title: string;
      columns: string[];
      rows: string[][];
      /** Closing rows, printed in bold under the table (starting balance, final balance). */
      totals: Array<[label: string, value: string]>;
    };

/** A composed letter: its parts (for the PDF) and its text (for the API), in French. */
export interface ComposedLetter {
  letterId: string;
  reference: LetterReference;
  channel: LetterChannel;
  issuedOn: CalendarDate;
  licenceNumber: string;
  /** The top line of every letter and of every page: "Permis de conduire n° …". */
  licenceLine: string;
  /** "Lettre 48SI". */
  title: string;
  /** How it is posted, in words: "Lettre recommandée avec demande d'avis de réception". */
  channelLabel: string;
  sender: string[];
  /** The holder's name, then the address block. */
  recipient: string[];
  placeAndDate: string;
  referenceLine: string;
  subject: string;
  salutation: string;
  sections: LetterSection[];
  closing: string;
  signature: string[];
  /** Small print at the foot of the letter. */
  notes: string[];
  /** The whole letter as text, one paragraph per line; lines[0] holds the licence number. */
  lines: string[];
}
