import type {
  CivilStatus,
  InfractionRecorded,
  LicenceFact,
  PostalAddress,
} from '../events/facts';
import { CourseErrors, InfractionErrors, InvalidationErrors, LicenceErrors } from '../errors/licence-errors';
import { validateOffenceMeasures } from '../offences/offence-catalogue';
import { isOffenceCode } from '../offences/offence-code';
import { initialCeiling } from '../rules/capital';
import { nilBalance } from '../rules/invalidation';
import { complementaryTrainingWindow } from '../rules/probation';
import { courseDaysConsecutive } from '../rules/training-course';
import { buildLicenceFile, type LicenceFile } from '../timeline/licence-file';
import { computeTimeline } from '../timeline/timeline';
import { parseLicenceNumber } from '../values/licence-number';
import type { LicenceCommand } from './licence-commands';
import { requireDate, requireId, requirePastDate, requireText, sameData } from './input-checks';
import type { LicenceState } from './licence-state';

const ESTABLISHMENT_MODES = ['FINE_PAID', 'INCREASED_FINE_ISSUED', 'COMPOSITION_PENALE_EXECUTED', 'CONVICTION_FINAL'];

type FactCommand = Exclude<LicenceCommand, { type: 'ApplyDueChanges' }>;

/**
 * The fact a command records, after every check of the input and of the law; null when the very
 * same fact is already recorded (a command sent twice changes nothing).
 */
export function factFor(command: FactCommand, state: LicenceState): LicenceFact | null {
  const { today } = command;
  if (command.type === 'IssueLicence') return issueLicence(command, state);
  const file = buildLicenceFile(state.facts);
  if (file === null) throw LicenceErrors.unknownLicence();
  const afterIssue = (field: string, value: unknown) => {
    const date = requirePastDate(field, value, today);
    if (date < file.issuedOn) throw LicenceErrors.dateBeforeIssue(field, date, file.issuedOn);
    return date;
  };

  switch (command.type) {
    case 'RecordInfraction': {
      const d = command.data;
      const infractionId = requireId('infraction id', d.infractionId);
      const committedOn = afterIssue('commission date', d.committedOn);
      if (!isOffenceCode(d.offenceCode)) throw InfractionErrors.unknownOffence(String(d.offenceCode));
      if (d.checkId !== undefined) requireId('check id', d.checkId);
      if (d.natinf !== undefined && !/^\d{1,6}$/.test(d.natinf)) {
        throw LicenceErrors.invalid('natinf', 'A NATINF code is 1 to 6 digits.');
      }
      const probationary = file.probationEndsOn !== null && committedOn < file.probationEndsOn;
      const fact: InfractionRecorded = {
        type: 'InfractionRecorded',
        data: stripUndefined({ ...d, infractionId, committedOn }),
      };
      const existing = findFact(state, 'InfractionRecorded', (f) => f.data.infractionId === infractionId);
      if (existing) {
        if (sameData(existing.data, fact.data)) return null;
        throw InfractionErrors.idReused(infractionId);
      }
      validateOffenceMeasures(d.offenceCode, d, committedOn, probationary);
      if (d.checkId !== undefined) {
        const sameCheck = file.infractions.find((i) => i.checkId === d.checkId && i.committedOn !== committedOn);
        if (sameCheck) {
          throw LicenceErrors.invalid(
            'check id',
            `Infractions of one roadside check (${d.checkId}) are committed on the same day; ${sameCheck.infractionId} was committed on ${sameCheck.committedOn}.`,
          );
        }
      }
      return fact;
    }
    case 'EstablishInfraction': {
      const d = command.data;
      const infraction = file.infractions.find((i) => i.infractionId === d.infractionId);
      if (!infraction) throw InfractionErrors.unknown(String(d.infractionId));
      if (!ESTABLISHMENT_MODES.includes(d.mode)) {
        throw LicenceErrors.invalid('mode', `"${String(d.mode)}" is not a mode of establishment.`);
      }
      const establishedOn = afterIssue('establishment date', d.establishedOn);
      const fact: LicenceFact = { type: 'InfractionEstablished', data: { infractionId: d.infractionId, mode: d.mode, establishedOn } };
      if (infraction.cancelledOn) throw InfractionErrors.cancelled(d.infractionId);
      if (infraction.establishedOn) {
        if (infraction.establishedOn === establishedOn && infraction.establishedBy === d.mode) return null;
        throw InfractionErrors.alreadyEstablished(d.infractionId, infraction.establishedOn);
      }
      if (establishedOn < infraction.committedOn) throw InfractionErrors.establishedBeforeCommitted(establishedOn, infraction.committedOn);
      return fact;
    }
    case 'CancelInfraction': {
      const d = command.data;
      const infraction = file.infractions.find((i) => i.infractionId === d.infractionId);
      if (!infraction) throw InfractionErrors.unknown(String(d.infractionId));
      const cancelledOn = afterIssue('cancellation date', d.cancelledOn);
      const reason = requireText('reason', d.reason, 500);
      const fact: LicenceFact = { type: 'InfractionCancelled', data: { infractionId: d.infractionId, cancelledOn, reason } };
      if (infraction.cancelledOn) {
        if (infraction.cancelledOn === cancelledOn && infraction.cancellationReason === reason) return null;
        throw InfractionErrors.cancelled(d.infractionId);
      }
      if (cancelledOn < infraction.committedOn) throw InfractionErrors.cancelledBeforeCommitted(cancelledOn, infraction.committedOn);
      return fact;
    }
    case 'RecordTrainingCourse': {
      const d = command.data;
      const courseId = requireId('course id', d.courseId);
      const firstDay = afterIssue('first day of the course', d.firstDay);
      const lastDay = afterIssue('last day of the course', d.lastDay);
      if (!courseDaysConsecutive(firstDay, lastDay)) throw CourseErrors.daysNotConsecutive(firstDay, lastDay);
      const fact: LicenceFact = { type: 'TrainingCourseCompleted', data: { courseId, firstDay, lastDay } };
      const existing = findFact(state, 'TrainingCourseCompleted', (f) => f.data.courseId === courseId);
      if (existing) {
        if (sameData(existing.data, fact.data)) return null;
        throw CourseErrors.idReused(courseId);
      }
      return fact;
    }
    case 'RecordComplementaryTraining': {
      const completedOn = afterIssue('completion date', command.data.completedOn);
      const fact: LicenceFact = { type: 'ComplementaryTrainingCompleted', data: { completedOn } };
      if (file.complementaryTrainingOn !== undefined) {
        if (file.complementaryTrainingOn === completedOn) return null;
        throw CourseErrors.complementaryAlreadyRecorded();
      }
      if (!file.probationary) throw CourseErrors.complementaryNotFirstLicence();
      const window = complementaryTrainingWindow(file.issuedOn);
      if (completedOn < window.from || completedOn > window.to) {
        throw CourseErrors.complementaryOutsideWindow(completedOn, window.from, window.to);
      }
      return fact;
    }
    case 'RecordInvalidationDelivered': {
      const deliveredOn = afterIssue('delivery date', command.data.deliveredOn);
      const fact: LicenceFact = { type: 'InvalidationLetterDelivered', data: { deliveredOn } };
      if (file.invalidationDeliveredOn !== undefined) {
        if (file.invalidationDeliveredOn === deliveredOn) return null;
        throw InvalidationErrors.alreadyDelivered();
      }
      if (!nilBalance(rawBalanceOn(file, deliveredOn))) throw InvalidationErrors.notPending(deliveredOn);
      return fact;
    }
    case 'RecordLicenceSurrendered': {
      const surrenderedOn = afterIssue('hand-in date', command.data.surrenderedOn);
      const fact: LicenceFact = { type: 'LicenceSurrendered', data: { surrenderedOn } };
      if (file.surrenderedOn !== undefined) {
        if (file.surrenderedOn === surrenderedOn) return null;
        throw InvalidationErrors.alreadySurrendered();
      }
      const invalidation = computeTimeline(file, today).find((d) => d.type === 'LicenceInvalidated');
      if (!invalidation) throw InvalidationErrors.notInvalidated();
      if (surrenderedOn < invalidation.data.effectiveOn) {
        throw InvalidationErrors.surrenderBeforeInvalidation(surrenderedOn, invalidation.data.effectiveOn);
      }
      return fact;
    }
    case 'ChangeHolderAddress': {
      const changedOn = afterIssue('date of the change', command.data.changedOn);
      const address = checkAddress(command.data.address);
      const current = [...state.facts].reverse().find((f) => f.type === 'HolderAddressChanged' || f.type === 'LicenceIssued');
      const currentAddress = current?.type === 'HolderAddressChanged' ? current.data.address : current?.type === 'LicenceIssued' ? current.data.address : undefined;
      if (currentAddress && sameData(currentAddress, address)) return null;
      return { type: 'HolderAddressChanged', data: { address, changedOn } };
    }
    case 'RecordLetterPosted': {
      const letterId = requireId('letter id', command.data.letterId);
      const postedOn = afterIssue('posting date', command.data.postedOn);
      // Posting a letter twice records it once: the first posting is the fact.
      if (file.postedLetters[letterId] !== undefined) return null;
      return { type: 'LetterPosted', data: { letterId, postedOn } };
    }
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}

function issueLicence(command: Extract<LicenceCommand, { type: 'IssueLicence' }>, state: LicenceState): LicenceFact | null {
  const d = command.data;
  const licenceNumber = parseLicenceNumber(d.licenceNumber);
  const issuedOn = requirePastDate('issue date', d.issuedOn, command.today);
  if (typeof d.probationary !== 'boolean') throw LicenceErrors.invalid('probationary', 'Say whether the licence is probationary.');
  const earlyLearning = d.earlyLearning ?? false;
  if (earlyLearning && !d.probationary) throw LicenceErrors.earlyLearningNotProbationary();
  const ceiling = initialCeiling(d.probationary);
  if (d.openingBalance !== undefined && (!Number.isInteger(d.openingBalance) || d.openingBalance < 1 || d.openingBalance > ceiling)) {
    throw LicenceErrors.invalidOpeningBalance(d.openingBalance, ceiling);
  }
  const holder = checkHolder(d.holder, issuedOn);
  const address = d.address === undefined ? undefined : checkAddress(d.address);
  const fact: LicenceFact = {
    type: 'LicenceIssued',
    data: stripUndefined({ licenceNumber, issuedOn, holder, probationary: d.probationary, earlyLearning, openingBalance: d.openingBalance, address }),
  };
  const existing = findFact(state, 'LicenceIssued', () => true);
  if (existing) {
    if (sameData(existing.data, fact.data)) return null;
    throw LicenceErrors.alreadyIssued(existing.data.licenceNumber);
  }
  return fact;
}

/** The civil status the holder is matched on (RULES §8): complete and well-formed. */
function checkHolder(holder: CivilStatus, issuedOn: string): CivilStatus {
  if (!holder || typeof holder !== 'object') throw LicenceErrors.invalid('holder', 'The holder\'s civil status is required.');
  const familyName = requireText('family name', holder.familyName, 100).trim();
  const givenNames = requireText('given names', holder.givenNames, 200).trim();
  const birthdate = requireDate('birth date', holder.birthdate);
  if (birthdate >= issuedOn) throw LicenceErrors.invalid('birth date', 'The holder must be born before the licence is issued.');
  if (holder.gender !== 'MALE' && holder.gender !== 'FEMALE') throw LicenceErrors.invalid('gender', 'The gender must be MALE or FEMALE.');
  if (typeof holder.birthcountry !== 'string' || !/^99\d{3}$/.test(holder.birthcountry)) {
    throw LicenceErrors.invalid('birth country', 'The birth country is an INSEE country code of 5 digits starting with 99 (France: 99100).');
  }
  const bornInFrance = holder.birthcountry === '99100';
  // INSEE codes are written in either case (Corsica: 2A, 2B); the file keeps them upper case.
  const birthplace = holder.birthplace === null || holder.birthplace === '' || holder.birthplace === undefined ? undefined : String(holder.birthplace).toUpperCase();
  if (bornInFrance && (typeof birthplace !== 'string' || !/^(\d{5}|2[AB]\d{3})$/.test(birthplace))) {
    throw LicenceErrors.invalid('birthplace', 'A holder born in France needs the INSEE code of the birthplace (5 characters, e.g. 75056 or 2A004).');
  }
  if (!bornInFrance && birthplace !== undefined) {
    throw LicenceErrors.invalid('birthplace', 'The birthplace code is only given for a holder born in France.');
  }
  return stripUndefined({ familyName, givenNames, birthdate, gender: holder.gender, birthplace, birthcountry: holder.birthcountry });
}

function checkAddress(address: PostalAddress): PostalAddress {
  if (!address || !Array.isArray(address.lines) || address.lines.length < 1 || address.lines.length > 4) {
    throw LicenceErrors.invalid('address', 'An address has 1 to 4 lines.');
  }
  address.lines.forEach((line) => requireText('address line', line, 100));
  if (typeof address.postalCode !== 'string' || !/^[0-9A-Z -]{2,10}$/i.test(address.postalCode)) {
    throw LicenceErrors.invalid('postal code', 'The postal code is 2 to 10 letters or digits.');
  }
  requireText('city', address.city, 100);
  if (address.country !== undefined) requireText('country', address.country, 100);
  return stripUndefined({ lines: [...address.lines], postalCode: address.postalCode, city: address.city, country: address.country });
}

/** The raw balance on a day, after that day's restorations (so a course can save the licence). */
function rawBalanceOn(file: LicenceFile, day: string): number {
  const decisions = computeTimeline(file, day);
  const last = decisions[decisions.length - 1];
  return last ? last.data.rawBalanceAfter : (file.openingBalance ?? initialCeiling(file.probationary));
}

function findFact<T extends LicenceFact['type']>(
  state: LicenceState,
  type: T,
  match: (fact: Extract<LicenceFact, { type: T }>) => boolean,
): Extract<LicenceFact, { type: T }> | undefined {
  return state.facts.find((f): f is Extract<LicenceFact, { type: T }> => f.type === type && match(f as Extract<LicenceFact, { type: T }>));
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
