import { DEV_IDENTITIES, DEV_STAFF_ACCOUNTS } from '@ledger/auth';
import { escapeHtml, page } from './html';

/** What a developer sees at the server's root: the issuers, the test identities, the staff accounts. */
export function indexPage(urls: {
  franceConnectIssuer: string;
  staffIssuer: string;
  staffAudience: string;
  publicUrl: string;
}): string {
  const people = DEV_IDENTITIES.map(
    (person) => `<li><code>${escapeHtml(person.login)}</code> — ${escapeHtml(person.description)}</li>`,
  ).join('');
  const staff = Object.values(DEV_STAFF_ACCOUNTS)
    .map(
      (account) =>
        `<li><code>${escapeHtml(account.clientId)}</code> / <code>${escapeHtml(account.clientSecret)}</code> — ` +
        `${escapeHtml(account.name)}: ${escapeHtml(account.roles.join(', ') || 'no role')}</li>`,
    )
    .join('');
  return page(
    'Development identity providers',
    `<h1>Development identity providers</h1>` +
      `<p>FranceConnect stand-in: <code>${escapeHtml(urls.franceConnectIssuer)}</code><br>` +
      `Agents' provider: <code>${escapeHtml(urls.staffIssuer)}</code> (audience <code>${escapeHtml(urls.staffAudience)}</code>)</p>` +
      `<p>Holders log in at <a href="${escapeHtml(urls.publicUrl)}/auth/franceconnect/login">${escapeHtml(urls.publicUrl)}/auth/franceconnect/login</a> as:</p><ul>${people}</ul>` +
      `<p>Staff accounts (client credentials, <code>client_secret_basic</code>):</p><ul>${staff}</ul>`,
  );
}
