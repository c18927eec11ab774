import { DomainError } from './domain-error';

/** The refusals of the ledger's domain, one factory per code. */
export const LicenceErrors = {
  unknownLicence: (licenceNumber?: string) =>
    new DomainError(
      'LICENCE.NOT_FOUND',
      'NOT_FOUND',
      licenceNumber ? `No licence is recorded under number ${licenceNumber}.` : 'No licence is recorded under this number.',
    ),
  alreadyIssued: (licenceNumber: string) =>
    new DomainError(
      'LICENCE.ALREADY_ISSUED',
      'CONFLICT',
      `Licence ${licenceNumber} has already been issued; it cannot be issued a second time.`,
    ),
  malformedLicenceNumber: (value: string) =>
    new DomainError(
      'LICENCE.MALFORMED_NUMBER',
      'VALIDATION',
      `"${value}" is not a licence number: expected 12 digits, or three fields (1 to 15 letters or digits, 2 digits, 2 digits).`,
    ),
  licenceNumbersDiffer: () =>
    new DomainError(
      'LICENCE.NUMBERS_DIFFER',
      'VALIDATION',
      'The licence number and its confirmation are not the same.',
    ),
  dateInFuture: (field: string, date: string, today: string) =>
    new DomainError(
      'DATE.IN_FUTURE',
      'VALIDATION',
      `The ${field} (${date}) is after today (${today}); only what has already happened can be recorded.`,
      { field, date, today },
    ),
  malformedDate: (field: string, value: unknown) =>
    new DomainError('DATE.MALFORMED', 'VALIDATION', `The ${field} "${String(value)}" is not a calendar date (YYYY-MM-DD).`, {
      field,
    }),
  dateBeforeIssue: (field: string, date: string, issuedOn: string) =>
    new DomainError(
      'DATE.BEFORE_ISSUE',
      'VALIDATION',
      `The ${field} (${date}) is before the licence was issued (${issuedOn}).`,
      { field, date, issuedOn },
    ),
  invalidOpeningBalance: (balance: number, ceiling: number) =>
    new DomainError(
      'LICENCE.INVALID_OPENING_BALANCE',
      'VALIDATION',
      `An opening balance must be a whole number from 1 to ${ceiling}; ${balance} was given.`,
    ),
  earlyLearningNotProbationary: () =>
    new DomainError(
      'LICENCE.EARLY_LEARNING_NOT_PROBATIONARY',
      'VALIDATION',
      'Early supervised learning only concerns a probationary licence.',
    ),
  licenceInvalidated: (licenceNumber: string) =>
    new DomainError(
      'LICENCE.INVALIDATED',
      'CONFLICT',
      `Licence ${licenceNumber} has been invalidated: nothing more can be recorded on it but its hand-in.`,
    ),
  invalid: (field: string, message: string) =>
    new DomainError('INPUT.INVALID', 'VALIDATION', message, { field }),
} as const;

export const InfractionErrors = {
  idReused: (infractionId: string) =>
    new DomainError(
      'INFRACTION.ID_REUSED',
      'CONFLICT',
      `Infraction ${infractionId} is already recorded with other details; choose a new infraction id.`,
    ),
  unknown: (infractionId: string) =>
    new DomainError('INFRACTION.NOT_FOUND', 'NOT_FOUND', `No infraction ${infractionId} is recorded on this licence.`),
  alreadyEstablished: (infractionId: string, establishedOn: string) =>
    new DomainError(
      'INFRACTION.ALREADY_ESTABLISHED',
      'CONFLICT',
      `Infraction ${infractionId} was already established on ${establishedOn}.`,
    ),
  cancelled: (infractionId: string) =>
    new DomainError(
      'INFRACTION.CANCELLED',
      'CONFLICT',
      `Infraction ${infractionId} has been cancelled; it can no longer be established or cancelled again.`,
    ),
  establishedBeforeCommitted: (establishedOn: string, committedOn: string) =>
    new DomainError(
      'INFRACTION.ESTABLISHED_BEFORE_COMMITTED',
      'VALIDATION',
      `An infraction cannot be established (${establishedOn}) before it was committed (${committedOn}).`,
    ),
  cancelledBeforeCommitted: (cancelledOn: string, committedOn: string) =>
    new DomainError(
      'INFRACTION.CANCELLED_BEFORE_COMMITTED',
      'VALIDATION',
      `An infraction cannot be cancelled (${cancelledOn}) before it was committed (${committedOn}).`,
    ),
  missingMeasure: (offenceCode: string, measure: string) =>
    new DomainError(
      'INFRACTION.MISSING_MEASURE',
      'VALIDATION',
      `A ${offenceCode} infraction needs its ${measure}.`,
      { measure },
    ),
  underThreshold: (offenceCode: string, message: string) =>
    new DomainError('INFRACTION.UNDER_THRESHOLD', 'VALIDATION', `No ${offenceCode} offence: ${message}`),
  unexpectedMeasure: (offenceCode: string, measure: string) =>
    new DomainError(
      'INFRACTION.UNEXPECTED_MEASURE',
      'VALIDATION',
      `A ${offenceCode} infraction takes no ${measure}.`,
      { measure },
    ),
  unknownOffence: (offenceCode: string) =>
    new DomainError('INFRACTION.UNKNOWN_OFFENCE', 'VALIDATION', `"${offenceCode}" is not an offence of the catalogue.`),
} as const;

export const CourseErrors = {
  daysNotConsecutive: (firstDay: string, lastDay: string) =>
    new DomainError(
      'COURSE.DAYS_NOT_CONSECUTIVE',
      'VALIDATION',
      `A training course lasts two consecutive days; ${firstDay} and ${lastDay} are not.`,
    ),
  idReused: (courseId: string) =>
    new DomainError(
      'COURSE.ID_REUSED',
      'CONFLICT',
      `Training course ${courseId} is already recorded with other dates; choose a new course id.`,
    ),
  complementaryNotProbationary: () =>
    new DomainError(
      'COMPLEMENTARY_TRAINING.NOT_PROBATIONARY',
      'VALIDATION',
      'Complementary training only concerns a probationary first licence.',
    ),
  complementaryNotFirstLicence: (issuedOn: string) =>
    new DomainError(
      'COMPLEMENTARY_TRAINING.NOT_FIRST_LICENCE',
      'VALIDATION',
      `Complementary training only concerns a first licence; the licence issued on ${issuedOn} was obtained again after an invalidation.`,
      { issuedOn },
    ),
  complementaryOutsideWindow: (completedOn: string, from: string, to: string) =>
    new DomainError(
      'COMPLEMENTARY_TRAINING.OUTSIDE_WINDOW',
      'VALIDATION',
      `Complementary training must be completed between the 6th and 12th month of the licence (${from} to ${to}); ${completedOn} is outside.`,
    ),
  complementaryAlreadyRecorded: () =>
    new DomainError(
      'COMPLEMENTARY_TRAINING.ALREADY_RECORDED',
      'CONFLICT',
      'Complementary training is already recorded for this licence.',
    ),
} as const;

export const InvalidationErrors = {
  notPending: (deliveredOn: string) =>
    new DomainError(
      'INVALIDATION.NOT_PENDING',
      'CONFLICT',
      `No invalidation letter (48SI) was pending on ${deliveredOn}: the balance was above zero.`,
    ),
  alreadyDelivered: (letterOn: string, deliveredOn: string) =>
    new DomainError(
      'INVALIDATION.ALREADY_DELIVERED',
      'CONFLICT',
      `The invalidation letter (48SI) of ${letterOn} is already recorded as delivered on ${deliveredOn}; no other 48SI is pending.`,
      { letterOn, deliveredOn },
    ),
  notInvalidated: () =>
    new DomainError(
      'SURRENDER.NOT_INVALIDATED',
      'CONFLICT',
      'A licence is handed in only after its invalidation took effect (48SI letter delivered).',
    ),
  surrenderBeforeInvalidation: (surrenderedOn: string, invalidatedOn: string) =>
    new DomainError(
      'SURRENDER.BEFORE_INVALIDATION',
      'VALIDATION',
      `The licence cannot have been handed in (${surrenderedOn}) before the invalidation took effect (${invalidatedOn}).`,
    ),
  alreadySurrendered: () =>
    new DomainError('SURRENDER.ALREADY_RECORDED', 'CONFLICT', 'The licence is already recorded as handed in.'),
} as const;

/** Issuing a licence again after an invalidation, on the same number or after an earlier one (RULES §2, §5). */
export const ReissueErrors = {
  notHandedIn: (licenceNumber: string, invalidatedOn: string) =>
    new DomainError(
      'LICENCE.NOT_HANDED_IN',
      'CONFLICT',
      `Licence ${licenceNumber} was invalidated on ${invalidatedOn} but is not recorded as handed in: no new licence before the hand-in and the wait after it.`,
      { licenceNumber, invalidatedOn },
    ),
  waitNotOver: (licenceNumber: string, issuedOn: string, allowedFrom: string) =>
    new DomainError(
      'LICENCE.NEW_LICENCE_TOO_EARLY',
      'CONFLICT',
      `After the invalidation of licence ${licenceNumber}, no new licence may be issued before ${allowedFrom}; ${issuedOn} is too early.`,
      { licenceNumber, issuedOn, newLicenceAllowedFrom: allowedFrom },
    ),
  notProbationary: (licenceNumber: string) =>
    new DomainError(
      'LICENCE.REISSUE_NOT_PROBATIONARY',
      'VALIDATION',
      `Licence ${licenceNumber} is issued again after an invalidation: it is a new probationary licence with 6 points (probationary, no opening balance).`,
      { licenceNumber },
    ),
  malformedPreviousNumber: (value: string) =>
    new DomainError(
      'LICENCE.MALFORMED_NUMBER',
      'VALIDATION',
      `The previous licence number "${value}" is not a licence number: expected 12 digits, or three fields (1 to 15 letters or digits, 2 digits, 2 digits).`,
      { field: 'previousLicenceNumber' },
    ),
  previousIsThisNumber: (licenceNumber: string) =>
    new DomainError(
      'LICENCE.PREVIOUS_IS_SAME_NUMBER',
      'VALIDATION',
      `The previous licence number is this licence's own number (${licenceNumber}): to issue the same number again, leave it out.`,
      { licenceNumber },
    ),
  previousUnknown: (licenceNumber: string) =>
    new DomainError(
      'LICENCE.PREVIOUS_NOT_FOUND',
      'NOT_FOUND',
      `No licence ${licenceNumber} is recorded: the previous licence number must be one the ledger holds.`,
      { licenceNumber },
    ),
  previousNotInvalidated: (licenceNumber: string) =>
    new DomainError(
      'LICENCE.PREVIOUS_NOT_INVALIDATED',
      'CONFLICT',
      `The previous licence ${licenceNumber} was not invalidated: a new licence follows an earlier one only after its invalidation.`,
      { licenceNumber },
    ),
} as const;
