import type { InvalidationLetterDelivered } from '../../events/facts';
import type { LicenceDecision } from '../../events/decisions';
import { InvalidationErrors } from '../../errors/licence-errors';
import { situationOf } from '../../timeline/situation';
import type { CalendarDate } from '../../values/calendar-date';
import type { RecordInvalidationDelivered } from '../licence-commands';
import type { LicenceState } from '../licence-state';
import { dateSinceIssue, licenceOnRecord } from './licence-on-record';

/**
 * A 48SI letter delivered (L223-5, R223-3). Invalidation can happen more than once (RULES §5): a
 * delivery refers to the latest 48SI still pending on its date. It is refused when none is
 * pending: INVALIDATION.NOT_PENDING when the balance is above zero, INVALIDATION.ALREADY_DELIVERED
 * when that 48SI's delivery is already recorded (the invalidation in effect, or a later delivery).
 */
export function recordInvalidationDelivered(
  command: RecordInvalidationDelivered,
  state: LicenceState,
): InvalidationLetterDelivered | null {
  const file = licenceOnRecord(state);
  const deliveredOn = dateSinceIssue(file, 'delivery date', command.data.deliveredOn, command.today);
  if (file.invalidationDeliveries.includes(deliveredOn)) return null;
  const situation = situationOf(file, deliveredOn);
  if (situation.status === 'INVALIDATED') {
    const invalidatedOn = situation.invalidatedOn!;
    throw InvalidationErrors.alreadyDelivered(
      nilBalanceSince(situation.decisions.filter((d) => d.data.effectiveOn <= invalidatedOn)),
      invalidatedOn,
    );
  }
  if (situation.status !== 'INVALIDATION_PENDING') throw InvalidationErrors.notPending(deliveredOn);
  const pendingSince = nilBalanceSince(situation.decisions);
  const sameLetter = file.invalidationDeliveries.find((d) => d >= pendingSince);
  if (sameLetter !== undefined) throw InvalidationErrors.alreadyDelivered(pendingSince, sameLetter);
  return { type: 'InvalidationLetterDelivered', data: { deliveredOn } };
}

/** The date of the 48SI still pending: the last decision that took the raw balance from above 0 to 0 or below. */
function nilBalanceSince(decisions: readonly LicenceDecision[]): CalendarDate {
  let i = decisions.length - 1;
  while (i > 0 && decisions[i - 1].data.rawBalanceAfter <= 0) i--;
  return decisions[i].data.effectiveOn;
}
