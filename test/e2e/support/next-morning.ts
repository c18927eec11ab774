import { fetchDevStaffToken } from '@ledger/auth';
import type { StartedApi } from '../../../apps/ledger-api/src/start-api';
import { graphql } from './api-harness';

/**
 * Letters go out once their business day is over (RULES §6): a suite that wants the development
 * holders' letters records their stories one day and reads the next morning, once the worker's
 * first letters pass has mailed them. Resolves when the licence has at least one letter.
 */
export async function lettersMailed(
  api: StartedApi,
  licenceNumber: string,
  timeoutMs = 20_000,
): Promise<void> {
  const reader = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'reader');
  const query = `query { licenceFile(licenceNumber: "${licenceNumber}") { balance { letters { reference } } } }`;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const answer = await graphql<{ licenceFile: { balance: { letters: unknown[] } } }>(
      api,
      query,
      {},
      { authorization: `Bearer ${reader}` },
    );
    if ((answer.data?.licenceFile.balance.letters.length ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no letter was mailed to licence ${licenceNumber} the next morning`);
}
