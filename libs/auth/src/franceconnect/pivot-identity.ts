import type { FranceConnectIdentity } from '@ledger/domain';

/** The pivot-identity scopes: FranceConnect defines each claim as its own scope. */
export const PIVOT_IDENTITY_SCOPES = [
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
] as const;

export const FRANCECONNECT_SCOPE = ['openid', ...PIVOT_IDENTITY_SCOPES].join(' ');

export type VerifiedIdentity = FranceConnectIdentity & { sub: string };

/**
 * The pivot identity from a verified userinfo response, or the name of the first unusable claim.
 * Only these claims are kept (the session holds nothing else). `given_name` may be empty (some
 * people have none) and `birthplace` empty or absent (births abroad); the others must be present,
 * because matching against a licence file (RULES §8) would fail closed without them anyway.
 */
export function pivotIdentityFrom(
  userinfo: Record<string, unknown>,
  sub: string,
): { identity: VerifiedIdentity } | { missing: string } {
  const text = (name: string, allowEmpty: boolean): string | undefined => {
    const value = userinfo[name];
    if (value === undefined || value === null) return allowEmpty ? '' : undefined;
    if (typeof value !== 'string') return undefined;
    return allowEmpty || value.trim() !== '' ? value : undefined;
  };
  const family_name = text('family_name', false);
  if (family_name === undefined) return { missing: 'family_name' };
  const given_name = text('given_name', true);
  if (given_name === undefined) return { missing: 'given_name' };
  const birthdate = text('birthdate', false);
  if (birthdate === undefined) return { missing: 'birthdate' };
  const gender = text('gender', false);
  if (gender === undefined) return { missing: 'gender' };
  const birthcountry = text('birthcountry', false);
  if (birthcountry === undefined) return { missing: 'birthcountry' };
  const birthplace = text('birthplace', true);
  if (birthplace === undefined) return { missing: 'birthplace' };
  return { identity: { sub, family_name, given_name, birthdate, gender, birthplace, birthcountry } };
}
