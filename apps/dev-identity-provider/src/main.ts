import { DEV_IDENTITIES, DEV_STAFF_ACCOUNTS } from '@ledger/auth';
import { startDevIdentityProviders } from '@ledger/dev-identity-providers';

/**
 * Runs the development identity providers on their own:
 *   DEV_IDP_PORT (default 4000), DEV_IDP_HOST (default 127.0.0.1), DEV_IDP_PUBLIC_URL (default
 *   http://DEV_IDP_HOST:DEV_IDP_PORT: the address browsers and the API use, e.g. in a container),
 *   PUBLIC_URL (the API's, default http://localhost:3000), STAFF_OIDC_AUDIENCE (default points-ledger).
 * Prints the variables to give the API.
 */
async function main(): Promise<void> {
  const providers = await startDevIdentityProviders({
    port: Number(process.env.DEV_IDP_PORT ?? 4000),
    host: process.env.DEV_IDP_HOST ?? '127.0.0.1',
    publicBaseUrl: process.env.DEV_IDP_PUBLIC_URL || undefined,
    publicUrl: process.env.PUBLIC_URL ?? 'http://localhost:3000',
    staffAudience: process.env.STAFF_OIDC_AUDIENCE,
  });
  const lines = [
    `Development identity providers on ${providers.url} (never in production).`,
    `  FranceConnect stand-in: ${providers.franceConnectIssuer}`,
    `  Agents' provider:       ${providers.staffIssuer}`,
    '',
    'Environment for the API:',
    ...Object.entries(providers.apiEnvironment).map(([name, value]) => `  ${name}=${value}`),
    '',
    `Holders (log in at ${providers.apiEnvironment.PUBLIC_URL}/auth/franceconnect/login): ${DEV_IDENTITIES.map((person) => person.login).join(', ')}`,
    `Staff tokens: npm run dev:token -- <${Object.keys(DEV_STAFF_ACCOUNTS).join('|')}>`,
  ];
  console.log(lines.join('\n'));
  const stop = () => void providers.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
