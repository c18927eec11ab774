import type { CalendarDate } from '../values/calendar-date';
import type { OffenceCode } from '../offences/offence-code';

/**
 * Facts: what staff record (RULES §1). Business dates live in `data`; who and when it was recorded
 * live in the store's metadata. Names are past-tense and stable: they are the stored `type`.
 */

export type Gender = 'MALE' | 'FEMALE';

export interface CivilStatus {
  familyName: string;
  /** All given names, separated by spaces. */
  givenNames: string;
  birthdate: CalendarDate;
  gender: Gender;
  /** INSEE commune code; absent when born abroad. */
  birthplace?: string;
  /** INSEE country code; France is 99100. */
  birthcountry: string;
}

export interface PostalAddress {
  lines: string[];
  postalCode: string;
  city: string;
  country?: string;
}

export type EstablishmentMode =
  | 'FINE_PAID'
  | 'INCREASED_FINE_ISSUED'
  | 'COMPOSITION_PENALE_EXECUTED'
  | 'CONVICTION_FINAL';

export interface LicenceIssued {
  type: 'LicenceIssued';
  data: {
    licenceNumber: string;
    issuedOn: CalendarDate;
    holder: CivilStatus;
    /** False for a further category on a full licence imported with its balance. */
    probationary: boolean;
    /** Early supervised learning ("conduite accompagnée"), which shortens probation. */
    earlyLearning: boolean;
    /** For a licence imported from another system: its balance on issuedOn. */
    openingBalance?: number;
    address?: PostalAddress;
    /**
     * Since v2. A first licence (R223-1 II, "premier permis"): probationary, and obtained neither
     * again on this number after an invalidation nor after an earlier number (RULES §2). v1 streams
     * held one issue and no earlier number: a probationary v1 licence reads as a first licence.
     */
    firstLicence: boolean;
    /** Since v2. The holder's earlier licence, when this one follows its invalidation (RULES §5). */
    previousLicence?: PreviousLicence;
  };
}

/**
 * The earlier number a licence was issued after, and the dates its nil-balance invalidations took
 * effect as the ledger held them on issue: the 1-year wait of L223-5 II looks back across both.
 */
export interface PreviousLicence {
  licenceNumber: string;
  invalidatedOn: CalendarDate[];
}

export interface InfractionRecorded {
  type: 'InfractionRecorded';
  data: {
    infractionId: string;
    offenceCode: OffenceCode;
    committedOn: CalendarDate;
    /** Infractions sharing a checkId were committed simultaneously (L223-2 III). */
    checkId?: string;
    retainedExcessKmh?: number;
    speedLimitKmh?: number;
    alcoholGramsPerLitreBlood?: number;
    natinf?: string;
  };
}

export interface InfractionEstablished {
  type: 'InfractionEstablished';
  data: { infractionId: string; mode: EstablishmentMode; establishedOn: CalendarDate };
}

export interface InfractionCancelled {
  type: 'InfractionCancelled';
  data: { infractionId: string; cancelledOn: CalendarDate; reason: string };
}

export interface TrainingCourseCompleted {
  type: 'TrainingCourseCompleted';
  data: { courseId: string; firstDay: CalendarDate; lastDay: CalendarDate };
}

export interface ComplementaryTrainingCompleted {
  type: 'ComplementaryTrainingCompleted';
  data: { completedOn: CalendarDate };
}

export interface InvalidationLetterDelivered {
  type: 'InvalidationLetterDelivered';
  data: { deliveredOn: CalendarDate };
}

export interface LicenceSurrendered {
  type: 'LicenceSurrendered';
  data: { surrenderedOn: CalendarDate };
}

/** The holder's postal address changed: letters go to the new one from that date. */
export interface HolderAddressChanged {
  type: 'HolderAddressChanged';
  data: { address: PostalAddress; changedOn: CalendarDate };
}

/** A letter of the 46/47/48 series was handed to the post (the print run). */
export interface LetterPosted {
  type: 'LetterPosted';
  data: { letterId: string; postedOn: CalendarDate };
}

export type LicenceFact =
  | LicenceIssued
  | HolderAddressChanged
  | LetterPosted
  | InfractionRecorded
  | InfractionEstablished
  | InfractionCancelled
  | TrainingCourseCompleted
  | ComplementaryTrainingCompleted
  | InvalidationLetterDelivered
  | LicenceSurrendered;

export type LicenceFactType = LicenceFact['type'];

export const FACT_TYPES: readonly LicenceFactType[] = [
  'LicenceIssued',
  'HolderAddressChanged',
  'LetterPosted',
  'InfractionRecorded',
  'InfractionEstablished',
  'InfractionCancelled',
  'TrainingCourseCompleted',
  'ComplementaryTrainingCompleted',
  'InvalidationLetterDelivered',
  'LicenceSurrendered',
];
