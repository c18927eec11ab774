import type { LicenceFact } from '../../events/facts';
import { LicenceErrors } from '../../errors/licence-errors';
import { buildLicenceFile, type LicenceFile } from '../../timeline/licence-file';
import type { CalendarDate } from '../../values/calendar-date';
import { requirePastDate } from '../input-checks';
import type { LicenceState } from '../licence-state';

/** The licence a fact is recorded on: refused when no licence is issued on the stream. */
export function licenceOnRecord(state: LicenceState): LicenceFile {
  const file = buildLicenceFile(state.facts);
  if (file === null) throw LicenceErrors.unknownLicence();
  return file;
}

/**
 * A date a fact records: already past, and not before the issue of the period in force. Facts of
 * an earlier period of the number are not recorded any more once it is issued again (our reading
 * of RULES §2 and §5: an invalidated licence gains nothing more, and its period is closed).
 */
export function dateSinceIssue(
  file: LicenceFile,
  field: string,
  value: unknown,
  today: CalendarDate,
): CalendarDate {
  const date = requirePastDate(field, value, today);
  if (date < file.issuedOn) throw LicenceErrors.dateBeforeIssue(field, date, file.issuedOn);
  return date;
}

export function findFact<T extends LicenceFact['type']>(
  state: LicenceState,
  type: T,
  match: (fact: Extract<LicenceFact, { type: T }>) => boolean,
): Extract<LicenceFact, { type: T }> | undefined {
  return state.facts.find(
    (f): f is Extract<LicenceFact, { type: T }> =>
      f.type === type && match(f as Extract<LicenceFact, { type: T }>),
  );
}
