import type { InfractionRecorded } from '../../events/facts';
import { InfractionErrors, LicenceErrors } from '../../errors/licence-errors';
import { pointsForInfraction } from '../../offences/offence-catalogue';
import type { LicenceFile } from '../../timeline/licence-file';
import type { CalendarDate } from '../../values/calendar-date';
import { sameData } from '../input-checks';
import { parseInfraction } from '../input/infraction-input';
import type { RecordInfraction } from '../licence-commands';
import type { LicenceState } from '../licence-state';
import { dateSinceIssue, findFact, licenceOnRecord } from './licence-on-record';

/**
 * An infraction committed (L223-1): recorded only if the offence catalogue can price it on its
 * commission date, so that the log never holds a fact the law cannot weigh.
 */
export function recordInfraction(command: RecordInfraction, state: LicenceState): InfractionRecorded | null {
  const file = licenceOnRecord(state);
  const committedOn = dateSinceIssue(file, 'commission date', command.data.committedOn, command.today);
  const data = parseInfraction(command.data, committedOn);
  const existing = findFact(state, 'InfractionRecorded', (f) => f.data.infractionId === data.infractionId);
  if (existing) {
    if (sameData(existing.data, data)) return null;
    throw InfractionErrors.idReused(data.infractionId);
  }
  const probationary = file.probationEndsOn !== null && committedOn < file.probationEndsOn;
  pointsForInfraction(data.offenceCode, command.data, committedOn, committedOn, probationary);
  requireSameDayAsItsCheck(file, data.checkId, committedOn);
  return { type: 'InfractionRecorded', data };
}

/** Infractions of one roadside check are simultaneous (L223-2 III): committed the same day. */
function requireSameDayAsItsCheck(
  file: LicenceFile,
  checkId: string | undefined,
  committedOn: CalendarDate,
): void {
  if (checkId === undefined) return;
  const other = file.infractions.find((i) => i.checkId === checkId && i.committedOn !== committedOn);
  if (other) {
    throw LicenceErrors.invalid(
      'check id',
      `Infractions of one roadside check (${checkId}) are committed on the same day; ${other.infractionId} was committed on ${other.committedOn}.`,
    );
  }
}
