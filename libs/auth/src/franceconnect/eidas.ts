/**
 * FranceConnect reports the eIDAS level of the authentication in the ID token's `acr`. We ask for
 * `eidas1` (AUTH.md) and accept it or anything stronger; a missing or unknown level is refused,
 * since the `acr_values` request parameter is only a wish the provider may ignore.
 */
export const EIDAS_LEVELS = ['eidas1', 'eidas2', 'eidas3'] as const;
export type EidasLevel = (typeof EIDAS_LEVELS)[number];

export const REQUESTED_ACR: EidasLevel = 'eidas1';

export function meetsEidasLevel(acr: unknown, minimum: EidasLevel = REQUESTED_ACR): acr is EidasLevel {
  const rank = (EIDAS_LEVELS as readonly unknown[]).indexOf(acr);
  return rank >= 0 && rank >= EIDAS_LEVELS.indexOf(minimum);
}
