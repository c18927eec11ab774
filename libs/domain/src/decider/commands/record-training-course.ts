import type { TrainingCourseCompleted } from '../../events/facts';
import { CourseErrors } from '../../errors/licence-errors';
import { courseDaysConsecutive } from '../../rules/training-course';
import { requireId, sameData } from '../input-checks';
import type { RecordTrainingCourse } from '../licence-commands';
import type { LicenceState } from '../licence-state';
import { dateSinceIssue, findFact, licenceOnRecord } from './licence-on-record';

/** A two-day awareness course completed (L223-6 ¶4, R223-5): whether it credits is the timeline's question. */
export function recordTrainingCourse(
  command: RecordTrainingCourse,
  state: LicenceState,
): TrainingCourseCompleted | null {
  const file = licenceOnRecord(state);
  const d = command.data;
  const courseId = requireId('course id', d.courseId);
  const firstDay = dateSinceIssue(file, 'first day of the course', d.firstDay, command.today);
  const lastDay = dateSinceIssue(file, 'last day of the course', d.lastDay, command.today);
  if (!courseDaysConsecutive(firstDay, lastDay)) throw CourseErrors.daysNotConsecutive(firstDay, lastDay);
  const fact: TrainingCourseCompleted = {
    type: 'TrainingCourseCompleted',
    data: { courseId, firstDay, lastDay },
  };
  const existing = findFact(state, 'TrainingCourseCompleted', (f) => f.data.courseId === courseId);
  if (existing) {
    if (sameData(existing.data, fact.data)) return null;
    throw CourseErrors.idReused(courseId);
  }
  return fact;
}
