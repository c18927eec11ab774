import { DEV_STAFF_ACCOUNTS, fetchDevStaffToken, isDevStaffAccountName } from '@ledger/auth';

/**
 * Prints a staff access token from the development agents' provider:
 *   npm run dev:token -- clerk        (or reader, system, nobody)
 * The issuer is STAFF_OIDC_ISSUER, else the standalone default http://127.0.0.1:4000/agents.
 * Use it as `Authorization: Bearer <token>`.
 */
async function main(): Promise<void> {
  const account = process.argv[2] ?? 'clerk';
  if (!isDevStaffAccountName(account)) {
    console.error(`usage: npm run dev:token -- <${Object.keys(DEV_STAFF_ACCOUNTS).join('|')}>`);
    process.exit(2);
  }
  const issuer =
    process.env.STAFF_OIDC_ISSUER ?? `http://127.0.0.1:${process.env.DEV_IDP_PORT ?? 4000}/agents`;
  process.stdout.write(`${await fetchDevStaffToken(issuer, account)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
