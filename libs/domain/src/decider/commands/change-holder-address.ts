import type { HolderAddressChanged, LicenceFact } from '../../events/facts';
import { sameData } from '../input-checks';
import { parseAddress } from '../input/address-input';
import type { ChangeHolderAddress } from '../licence-commands';
import type { LicenceState } from '../licence-state';
import { dateSinceIssue, licenceOnRecord } from './licence-on-record';

/** The holder's postal address changed: letters go to the new one. The same address again changes nothing. */
export function changeHolderAddress(
  command: ChangeHolderAddress,
  state: LicenceState,
): HolderAddressChanged | null {
  const file = licenceOnRecord(state);
  const changedOn = dateSinceIssue(file, 'date of the change', command.data.changedOn, command.today);
  const address = parseAddress(command.data.address);
  const current = currentAddress(state.facts);
  if (current && sameData(current, address)) return null;
  return { type: 'HolderAddressChanged', data: { address, changedOn } };
}

function currentAddress(facts: readonly LicenceFact[]) {
  for (let i = facts.length - 1; i >= 0; i--) {
    const fact = facts[i];
    if (fact.type === 'HolderAddressChanged') return fact.data.address;
    if (fact.type === 'LicenceIssued' && fact.data.address !== undefined) return fact.data.address;
  }
  return undefined;
}
