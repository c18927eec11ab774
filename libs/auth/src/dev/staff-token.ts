import { DEV_STAFF_ACCOUNTS, type DevStaffAccountName, isDevStaffAccountName } from './dev-clients';

/**
 * A staff access token from the development agents' provider, by the client-credentials grant of
 * one of its documented accounts (clerk, reader, system, nobody). A development tool: the accounts
 * exist only at the stand-in.
 */
export async function fetchDevStaffToken(staffIssuer: string, account: DevStaffAccountName): Promise<string> {
  if (!isDevStaffAccountName(account)) {
    throw new Error(
      `unknown staff account ${String(account)}: use ${Object.keys(DEV_STAFF_ACCOUNTS).join(', ')}`,
    );
  }
  const { clientId, clientSecret } = DEV_STAFF_ACCOUNTS[account];
  const discovery = await fetch(`${staffIssuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!discovery.ok) throw new Error(`discovery at ${staffIssuer} answered ${discovery.status}`);
  const { token_endpoint: tokenEndpoint } = (await discovery.json()) as { token_endpoint?: string };
  if (!tokenEndpoint) throw new Error(`${staffIssuer} advertises no token endpoint`);

  // client_secret_basic: RFC 6749 §2.3.1 form-encodes the id and secret before base64.
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString(
    'base64',
  );
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    throw new Error(
      `token request for ${account} refused: ${body.error ?? response.status} ${body.error_description ?? ''}`,
    );
  }
  return body.access_token;
}
