import type { InfractionRecorded } from '../../events/facts';
import { InfractionErrors, LicenceErrors } from '../../errors/licence-errors';
import { isOffenceCode, type OffenceMeasures } from '../../offences/offence-code';
import type { CalendarDate } from '../../values/calendar-date';
import { requireId, stripUndefined } from '../input-checks';

const NATINF = /^\d{1,6}$/;

/**
 * The infraction as a clerk typed it, checked for form only: the identifiers, the offence code,
 * the NATINF code. Whether the catalogue can price its measures is the law's question
 * (record-infraction.ts).
 */
export function parseInfraction(
  data: InfractionRecorded['data'],
  committedOn: CalendarDate,
): InfractionRecorded['data'] {
  const infractionId = requireId('infraction id', data.infractionId);
  if (!isOffenceCode(data.offenceCode)) throw InfractionErrors.unknownOffence(String(data.offenceCode));
  if (data.checkId !== undefined) requireId('check id', data.checkId);
  if (data.natinf !== undefined && !NATINF.test(data.natinf))
    throw LicenceErrors.invalid('natinf', 'A NATINF code is 1 to 6 digits.');
  return stripUndefined({ ...data, infractionId, committedOn });
}

/** The measures the catalogue reads, taken from the recorded infraction. */
export function measuresOf(data: InfractionRecorded['data']): OffenceMeasures {
  const measures: OffenceMeasures = {};
  if (data.retainedExcessKmh !== undefined) measures.retainedExcessKmh = data.retainedExcessKmh;
  if (data.speedLimitKmh !== undefined) measures.speedLimitKmh = data.speedLimitKmh;
  if (data.alcoholGramsPerLitreBlood !== undefined)
    measures.alcoholGramsPerLitreBlood = data.alcoholGramsPerLitreBlood;
  return measures;
}
