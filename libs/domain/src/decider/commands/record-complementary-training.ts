import type { ComplementaryTrainingCompleted } from '../../events/facts';
import { CourseErrors } from '../../errors/licence-errors';
import { complementaryTrainingWindow } from '../../rules/probation';
import type { RecordComplementaryTraining } from '../licence-commands';
import type { LicenceState } from '../licence-state';
import { dateSinceIssue, licenceOnRecord } from './licence-on-record';

/**
 * Complementary training, between the 6th and 12th month of a **first** licence (R223-1 II,
 * "titulaire d'un premier permis"): refused on a licence issued again after an invalidation or
 * after an earlier number (RULES §2).
 */
export function recordComplementaryTraining(
  command: RecordComplementaryTraining,
  state: LicenceState,
): ComplementaryTrainingCompleted | null {
  const file = licenceOnRecord(state);
  const completedOn = dateSinceIssue(file, 'completion date', command.data.completedOn, command.today);
  if (file.complementaryTrainingOn !== undefined) {
    if (file.complementaryTrainingOn === completedOn) return null;
    throw CourseErrors.complementaryAlreadyRecorded();
  }
  if (!file.probationary) throw CourseErrors.complementaryNotProbationary();
  if (!file.firstLicence) throw CourseErrors.complementaryNotFirstLicence(file.issuedOn);
  const window = complementaryTrainingWindow(file.issuedOn);
  if (completedOn < window.from || completedOn > window.to)
    throw CourseErrors.complementaryOutsideWindow(completedOn, window.from, window.to);
  return { type: 'ComplementaryTrainingCompleted', data: { completedOn } };
}
