import type { PostalAddress } from '../../events/facts';
import { LicenceErrors } from '../../errors/licence-errors';
import { requireText, stripUndefined } from '../input-checks';

const POSTAL_CODE = /^[0-9A-Z -]{2,10}$/i;

/** A postal address for the letters: 1 to 4 lines, a postal code, a city. */
export function parseAddress(address: PostalAddress): PostalAddress {
  if (!address || !Array.isArray(address.lines) || address.lines.length < 1 || address.lines.length > 4) {
    throw LicenceErrors.invalid('address', 'An address has 1 to 4 lines.');
  }
  address.lines.forEach((line) => requireText('address line', line, 100));
  if (typeof address.postalCode !== 'string' || !POSTAL_CODE.test(address.postalCode)) {
    throw LicenceErrors.invalid('postal code', 'The postal code is 2 to 10 letters or digits.');
  }
  requireText('city', address.city, 100);
  if (address.country !== undefined) requireText('country', address.country, 100);
  return stripUndefined({
    lines: [...address.lines],
    postalCode: address.postalCode,
    city: address.city,
    country: address.country,
  });
}
