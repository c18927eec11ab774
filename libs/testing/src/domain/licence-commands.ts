import { addDays, type CalendarDate, type EstablishmentMode, type LicenceCommand, type OffenceCode } from '@ledger/domain';
import { A_HOLDER } from './licence-scenario';

/**
 * Commands as a clerk (or the daily run) sends them, for given/when/then tests. `today` defaults to
 * the day after the date a fact records (a clerk's usual batch), so that the decisions it causes are
 * already past and come with it (RULES §1); the issue is recorded on its own date.
 */
type Data<T extends LicenceCommand['type']> = Extract<LicenceCommand, { type: T }>['data'];
type Command<T extends LicenceCommand['type']> = Extract<LicenceCommand, { type: T }>;

export const A_LICENCE_NUMBER = '901004310016';

export const LicenceCommands = {
  issue(
    issuedOn: CalendarDate,
    data: Partial<Data<'IssueLicence'>> = {},
    today: CalendarDate = issuedOn,
  ): Command<'IssueLicence'> {
    return {
      type: 'IssueLicence',
      today,
      data: { licenceNumber: A_LICENCE_NUMBER, issuedOn, holder: A_HOLDER, probationary: false, ...data },
    };
  },

  recordInfraction(
    infractionId: string,
    offenceCode: OffenceCode,
    committedOn: CalendarDate,
    extra: Partial<Data<'RecordInfraction'>> = {},
    today: CalendarDate = addDays(committedOn, 1),
  ): Command<'RecordInfraction'> {
    return { type: 'RecordInfraction', today, data: { infractionId, offenceCode, committedOn, ...extra } };
  },

  establish(
    infractionId: string,
    establishedOn: CalendarDate,
    mode: EstablishmentMode = 'FINE_PAID',
    today: CalendarDate = addDays(establishedOn, 1),
  ): Command<'EstablishInfraction'> {
    return { type: 'EstablishInfraction', today, data: { infractionId, establishedOn, mode } };
  },

  cancel(
    infractionId: string,
    cancelledOn: CalendarDate,
    reason = 'Annulée par le tribunal',
    today: CalendarDate = addDays(cancelledOn, 1),
  ): Command<'CancelInfraction'> {
    return { type: 'CancelInfraction', today, data: { infractionId, cancelledOn, reason } };
  },

  course(
    courseId: string,
    firstDay: CalendarDate,
    lastDay: CalendarDate,
    today: CalendarDate = addDays(lastDay, 1),
  ): Command<'RecordTrainingCourse'> {
    return { type: 'RecordTrainingCourse', today, data: { courseId, firstDay, lastDay } };
  },

  complementaryTraining(
    completedOn: CalendarDate,
    today: CalendarDate = addDays(completedOn, 1),
  ): Command<'RecordComplementaryTraining'> {
    return { type: 'RecordComplementaryTraining', today, data: { completedOn } };
  },

  delivered(
    deliveredOn: CalendarDate,
    today: CalendarDate = addDays(deliveredOn, 1),
  ): Command<'RecordInvalidationDelivered'> {
    return { type: 'RecordInvalidationDelivered', today, data: { deliveredOn } };
  },

  surrendered(
    surrenderedOn: CalendarDate,
    today: CalendarDate = addDays(surrenderedOn, 1),
  ): Command<'RecordLicenceSurrendered'> {
    return { type: 'RecordLicenceSurrendered', today, data: { surrenderedOn } };
  },

  /** The daily run. */
  applyDueChanges(asOf: CalendarDate, today: CalendarDate = asOf): Command<'ApplyDueChanges'> {
    return { type: 'ApplyDueChanges', today, data: { asOf } };
  },
};
