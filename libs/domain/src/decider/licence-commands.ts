import type { CalendarDate } from '../values/calendar-date';
import type {
  CivilStatus,
  EstablishmentMode,
  PostalAddress,
} from '../events/facts';
import type { OffenceCode } from '../offences/offence-code';

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
  };
}

export interface RecordInfraction extends CommandBase {
  type: 'RecordInfraction';
  data: {
    infractionId: string;
    offenceCode: OffenceCode;
    committedOn: CalendarDate;
    checkId?: string;
    retainedExcessKmh?: number;
    speedLimitKmh?: number;
    alcoholGramsPerLitreBlood?: number;
    natinf?: string;
  };
}

export interface EstablishInfraction extends CommandBase {
  type: 'EstablishInfraction';
  data: { infractionId: string; mode: EstablishmentMode; establishedOn: CalendarDate };
}

export interface CancelInfraction extends CommandBase {
  type: 'CancelInfraction';
  data: { infractionId: string; cancelledOn: CalendarDate; reason: string };
}

export interface RecordTrainingCourse extends CommandBase {
  type: 'RecordTrainingCourse';
  data: { courseId: string; firstDay: CalendarDate; lastDay: CalendarDate };
}

export interface RecordComplementaryTraining extends CommandBase {
  type: 'RecordComplementaryTraining';
  data: { completedOn: CalendarDate };
}

export interface RecordInvalidationDelivered extends CommandBase {
  type: 'RecordInvalidationDelivered';
  data: { deliveredOn: CalendarDate };
}

export interface RecordLicenceSurrendered extends CommandBase {
  type: 'RecordLicenceSurrendered';
  data: { surrenderedOn: CalendarDate };
}

export interface ChangeHolderAddress extends CommandBase {
  type: 'ChangeHolderAddress';
  data: { address: PostalAddress; changedOn: CalendarDate };
}

export interface RecordLetterPosted extends CommandBase {
  type: 'RecordLetterPosted';
  data: { letterId: string; postedOn: CalendarDate };
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
