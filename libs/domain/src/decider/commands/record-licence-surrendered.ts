import type { LicenceSurrendered } from '../../events/facts';
import { InvalidationErrors } from '../../errors/licence-errors';
import { computeTimeline } from '../../timeline/timeline';
import type { RecordLicenceSurrendered } from '../licence-commands';
import type { LicenceState } from '../licence-state';
import { dateSinceIssue, licenceOnRecord } from './licence-on-record';

/**
 * The licence handed in, after the invalidation of the period in force took effect (L223-5): one
 * hand-in after each invalidation (RULES §5), which starts the wait for a new licence.
 */
export function recordLicenceSurrendered(
  command: RecordLicenceSurrendered,
  state: LicenceState,
): LicenceSurrendered | null {
  const file = licenceOnRecord(state);
  const surrenderedOn = dateSinceIssue(file, 'hand-in date', command.data.surrenderedOn, command.today);
  if (file.surrenderedOn !== undefined) {
    if (file.surrenderedOn === surrenderedOn) return null;
    throw InvalidationErrors.alreadySurrendered();
  }
  const invalidation = computeTimeline(file, command.today).find(
    (d) => d.type === 'LicenceInvalidated' && d.data.effectiveOn >= file.issuedOn,
  );
  if (!invalidation) throw InvalidationErrors.notInvalidated();
  if (surrenderedOn < invalidation.data.effectiveOn)
    throw InvalidationErrors.surrenderBeforeInvalidation(surrenderedOn, invalidation.data.effectiveOn);
  return { type: 'LicenceSurrendered', data: { surrenderedOn } };
}
