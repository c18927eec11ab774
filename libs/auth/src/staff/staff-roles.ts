/**
 * The roles a staff access token may carry in its `roles` claim (AUTH.md): anything else in the claim
 * is ignored, so a token from a shared agents' provider cannot smuggle in a role we do not know.
 */
export const STAFF_ROLES = ['ledger.clerk', 'ledger.reader', 'ledger.system'] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];

export const isStaffRole = (value: unknown): value is StaffRole =>
  typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);

/** What each role allows, in words a clerk understands (used in FORBIDDEN messages). */
export const STAFF_ROLE_PURPOSE: Readonly<Record<StaffRole, string>> = {
  'ledger.clerk': 'record facts on a licence file',
  'ledger.reader': 'read licence files',
  'ledger.system': 'run the daily processing of due changes',
};

/** The known roles of a `roles` claim, deduplicated, in a stable order; [] for anything but an array. */
export function rolesFromClaim(claim: unknown): StaffRole[] {
  if (!Array.isArray(claim)) return [];
  return STAFF_ROLES.filter((role) => claim.includes(role));
}
