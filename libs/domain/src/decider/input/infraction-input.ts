import type { InfractionRecorded } from '../../events/facts';
import { InfractionErrors, LicenceErrors } from '../../errors/licence-errors';
import { checkMeasuresForm } from '../../offences/offence-catalogue';
import { isOffenceCode } from '../../offences/offence-code';
import type { CalendarDate } from '../../values/calendar-date';
import { requireId, stripUndefined } from '../input-checks';

const NATINF = /^\d{1,6}$/;

/**
 * The infraction as a clerk typed it, checked for form only: the identifiers, the offence code,
 * the NATINF code, the measures the offence takes (checkMeasuresForm). Whether the law of the
 * commission date sees an offence in them, and what it withdraws, is the law's question
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
  checkMeasuresForm(data.offenceCode, data);
  return stripUndefined({ ...data, infractionId, committedOn });
}
