import type { CalendarDate } from '../values/calendar-date';
import type {
  CivilStatus,
  ComplementaryTrainingCompleted,
  HolderAddressChanged,
  InfractionCancelled,
  InfractionEstablished,
  InfractionRecorded,
  InvalidationLetterDelivered,
  LicenceFact,
  LetterPosted,
  LicenceSurrendered,
  PostalAddress,
  TrainingCourseCompleted,
} from '../events/facts';

/**
 * What a clerk or the system asks of one licence. `today` comes in on every command: the domain
 * never reads a clock (CONVENTIONS 1).
 */
interface CommandBase {
  today: CalendarDate;
}

export interface IssueLicence extends CommandBase {
  type: 'IssueLicence';
  data: {
    licenceNumber: string;
    issuedOn: CalendarDate;
    holder: CivilStatus;
    probationary: boolean;
    earlyLearning?: boolean;
    openingBalance?: number;
    address?: PostalAddress;
    /** The holder's earlier licence number, when this one is issued after its invalidation (RULES §5). */
    previousLicenceNumber?: string;
  };
  /** The facts the ledger holds for `data.previousLicenceNumber`, read by the application. */
  previousLicenceFacts?: readonly LicenceFact[];
}

export interface RecordInfraction extends CommandBase {
  type: 'RecordInfraction';
  data: InfractionRecorded['data'];
}

export interface EstablishInfraction extends CommandBase {
  type: 'EstablishInfraction';
  data: InfractionEstablished['data'];
}

export interface CancelInfraction extends CommandBase {
  type: 'CancelInfraction';
  data: InfractionCancelled['data'];
}

export interface RecordTrainingCourse extends CommandBase {
  type: 'RecordTrainingCourse';
  data: TrainingCourseCompleted['data'];
}

export interface RecordComplementaryTraining extends CommandBase {
  type: 'RecordComplementaryTraining';
  data: ComplementaryTrainingCompleted['data'];
}

export interface RecordInvalidationDelivered extends CommandBase {
  type: 'RecordInvalidationDelivered';
  data: InvalidationLetterDelivered['data'];
}

export interface RecordLicenceSurrendered extends CommandBase {
  type: 'RecordLicenceSurrendered';
  data: LicenceSurrendered['data'];
}

export interface ChangeHolderAddress extends CommandBase {
  type: 'ChangeHolderAddress';
  data: HolderAddressChanged['data'];
}

export interface RecordLetterPosted extends CommandBase {
  type: 'RecordLetterPosted';
  data: LetterPosted['data'];
}

/** The daily run: append every decision whose date is on or before asOf (asOf ≤ today). */
export interface ApplyDueChanges extends CommandBase {
  type: 'ApplyDueChanges';
  data: { asOf: CalendarDate };
}

export type LicenceCommand =
  | IssueLicence
  | RecordInfraction
  | EstablishInfraction
  | CancelInfraction
  | RecordTrainingCourse
  | RecordComplementaryTraining
  | RecordInvalidationDelivered
  | RecordLicenceSurrendered
  | ChangeHolderAddress
  | RecordLetterPosted
  | ApplyDueChanges;
