import type { StaffRole } from '../staff/staff-roles';

/**
 * The clients and staff accounts registered at the development identity providers
 * (libs/dev-identity-providers, run by apps/dev-identity-provider). Documented secrets, for a laptop only: `loadAuthConfig` refuses
 * these client ids in production.
 */

/** The API as a FranceConnect service provider: userinfo answered as plain JSON. */
export const DEV_FRANCECONNECT_CLIENT = {
  clientId: 'points-ledger-dev',
  clientSecret: 'dev-franceconnect-secret-for-local-use-only',
} as const;

/** The same service provider, registered for a signed userinfo (as FranceConnect v2 answers). */
export const DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT = {
  clientId: 'points-ledger-dev-signed-userinfo',
  clientSecret: 'dev-franceconnect-signed-userinfo-secret-for-local-use-only',
  userinfoSignedResponseAlg: 'RS256',
} as const;

export const DEV_FRANCECONNECT_CLIENT_IDS: readonly string[] = [
  DEV_FRANCECONNECT_CLIENT.clientId,
  DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT.clientId,
];

/** The `aud` of staff access tokens issued by the development agents' provider. */
export const DEV_STAFF_AUDIENCE = 'points-ledger';

export type DevStaffAccountName = 'clerk' | 'reader' | 'system' | 'nobody';

export interface DevStaffAccount {
  /** The OAuth client id, which is also the token's `sub`. */
  clientId: DevStaffAccountName;
  clientSecret: string;
  name: string;
  roles: readonly StaffRole[];
}

export const DEV_STAFF_ACCOUNTS: Readonly<Record<DevStaffAccountName, DevStaffAccount>> = {
  clerk: {
    clientId: 'clerk',
    clientSecret: 'dev-clerk-secret',
    name: 'Claire Greffier (dev)',
    roles: ['ledger.clerk', 'ledger.reader'],
  },
  reader: {
    clientId: 'reader',
    clientSecret: 'dev-reader-secret',
    name: 'Romain Lecteur (dev)',
    roles: ['ledger.reader'],
  },
  system: {
    clientId: 'system',
    clientSecret: 'dev-system-secret',
    name: 'Daily run (dev)',
    roles: ['ledger.system'],
  },
  nobody: {
    clientId: 'nobody',
    clientSecret: 'dev-nobody-secret',
    name: 'Nadine Sansrole (dev)',
    roles: [],
  },
};

export const isDevStaffAccountName = (value: unknown): value is DevStaffAccountName =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(DEV_STAFF_ACCOUNTS, value);
