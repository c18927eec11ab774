import type { EstablishmentMode, InfractionEstablished } from '../../events/facts';
import { InfractionErrors, LicenceErrors } from '../../errors/licence-errors';
import type { EstablishInfraction } from '../licence-commands';
import type { LicenceState } from '../licence-state';
import { dateSinceIssue, licenceOnRecord } from './licence-on-record';

const ESTABLISHMENT_MODES: readonly EstablishmentMode[] = [
  'FINE_PAID',
  'INCREASED_FINE_ISSUED',
  'COMPOSITION_PENALE_EXECUTED',
  'CONVICTION_FINAL',
];

/** An infraction established (L223-1): the fine paid, the increased fine issued, a composition or a final conviction. */
export function establishInfraction(
  command: EstablishInfraction,
  state: LicenceState,
): InfractionEstablished | null {
  const file = licenceOnRecord(state);
  const d = command.data;
  const infraction = file.infractions.find((i) => i.infractionId === d.infractionId);
  if (!infraction) throw InfractionErrors.unknown(String(d.infractionId));
  if (!ESTABLISHMENT_MODES.includes(d.mode))
    throw LicenceErrors.invalid('mode', `"${String(d.mode)}" is not a mode of establishment.`);
  const establishedOn = dateSinceIssue(file, 'establishment date', d.establishedOn, command.today);
  if (infraction.cancelledOn) throw InfractionErrors.cancelled(d.infractionId);
  if (infraction.establishedOn) {
    if (infraction.establishedOn === establishedOn && infraction.establishedBy === d.mode) return null;
    throw InfractionErrors.alreadyEstablished(d.infractionId, infraction.establishedOn);
  }
  if (establishedOn < infraction.committedOn)
    throw InfractionErrors.establishedBeforeCommitted(establishedOn, infraction.committedOn);
  return {
    type: 'InfractionEstablished',
    data: { infractionId: d.infractionId, mode: d.mode, establishedOn },
  };
}
