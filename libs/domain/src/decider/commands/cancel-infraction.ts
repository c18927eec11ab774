import type { InfractionCancelled } from '../../events/facts';
import { InfractionErrors } from '../../errors/licence-errors';
import { requireText } from '../input-checks';
import type { CancelInfraction } from '../licence-commands';
import type { LicenceState } from '../licence-state';
import { dateSinceIssue, licenceOnRecord } from './licence-on-record';

/** An infraction cancelled (the fine or the conviction annulled): it never withdrew anything (RULES §3). */
export function cancelInfraction(command: CancelInfraction, state: LicenceState): InfractionCancelled | null {
  const file = licenceOnRecord(state);
  const d = command.data;
  const infraction = file.infractions.find((i) => i.infractionId === d.infractionId);
  if (!infraction) throw InfractionErrors.unknown(String(d.infractionId));
  const cancelledOn = dateSinceIssue(file, 'cancellation date', d.cancelledOn, command.today);
  const reason = requireText('reason', d.reason, 500);
  if (infraction.cancelledOn) {
    if (infraction.cancelledOn === cancelledOn && infraction.cancellationReason === reason) return null;
    throw InfractionErrors.cancelled(d.infractionId);
  }
  if (cancelledOn < infraction.committedOn)
    throw InfractionErrors.cancelledBeforeCommitted(cancelledOn, infraction.committedOn);
  return { type: 'InfractionCancelled', data: { infractionId: d.infractionId, cancelledOn, reason } };
}
