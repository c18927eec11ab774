import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEV_IDENTITIES, EIDAS_LEVELS, devIdentityByLogin, toMainRealm } from '@ledger/auth';
import { escapeHtml, page } from './html';
import { readForm } from './http-body';
import type { InteractionDetails, OidcProvider } from './oidc-provider.types';

/**
 * The stand-in's own login page, instead of oidc-provider's devInteractions: pick a test identity
 * and submit one plain form (no JavaScript), and the login and the consent to the requested pivot
 * claims are granted at once. A cookie-jar HTTP client can log in the same way a browser does.
 *
 *   GET  <mount>/interaction/:uid         the form
 *   POST <mount>/interaction/:uid/login   login=<camille|jules|…>[&acr=eidas1|eidas2|eidas3]
 *   POST <mount>/interaction/:uid/abort   the holder cancels (access_denied)
 */
export async function handleInteraction(
  provider: OidcProvider,
  mountPath: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/abort)?$/.exec(path);
  if (!match) return false;
  const [, uid, action] = match;

  let details: InteractionDetails;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    send(
      res,
      400,
      page('Session expirée', '<h1>Cette connexion a expiré.</h1><p>Recommencez depuis le service.</p>'),
    );
    return true;
  }
  if (details.uid !== uid) {
    send(res, 400, page('Erreur', '<h1>Interaction inconnue.</h1>'));
    return true;
  }

  if (req.method === 'GET' && !action) {
    send(res, 200, loginForm(mountPath, details));
    return true;
  }
  if (req.method !== 'POST' || !action) {
    send(res, 405, page('Erreur', '<h1>Méthode non permise.</h1>'));
    return true;
  }

  if (action === '/abort') {
    await provider.interactionFinished(
      req,
      res,
      toMainRealm({ error: 'access_denied', error_description: 'the holder cancelled the login' }),
      { mergeWithLastSubmission: false },
    );
    return true;
  }

  const form = await readForm(req);
  const person = devIdentityByLogin(form.get('login') ?? '');
  if (!person) {
    send(res, 400, loginForm(mountPath, details, `Identité inconnue : ${form.get('login') ?? ''}`));
    return true;
  }

  // Consent granted with the login: every requested scope, and any claims asked for by name.
  const grant = new provider.Grant(
    toMainRealm({ accountId: person.franceConnect.sub, clientId: details.params.client_id }),
  );
  if (details.params.scope) grant.addOIDCScope(details.params.scope);
  for (const claims of requestedClaimNames(details.params.claims)) grant.addOIDCClaims(claims);
  const grantId = await grant.save();

  await provider.interactionFinished(
    req,
    res,
    toMainRealm({
      login: {
        accountId: person.franceConnect.sub,
        acr: acrFor(form.get('acr'), details.params.acr_values),
        amr: ['pwd'],
      },
      consent: { grantId },
    }),
    { mergeWithLastSubmission: false },
  );
  return true;
}

/**
 * The level the stand-in reports: the one picked on the form, else the first requested level it
 * supports, else eidas1. A developer may type any lower-case word (say `eidas0`) to see the API
 * refuse an insufficient level.
 */
function acrFor(picked: string | null, requested: string | undefined): string {
  if (picked && /^[a-z0-9]{1,16}$/.test(picked)) return picked;
  const supported = (requested ?? '')
    .split(' ')
    .find((level) => (EIDAS_LEVELS as readonly string[]).includes(level));
  return supported ?? 'eidas1';
}

function requestedClaimNames(claimsParameter: string | undefined): string[][] {
  if (!claimsParameter) return [];
  try {
    const parsed = JSON.parse(claimsParameter) as Record<string, Record<string, unknown> | undefined>;
    return ['id_token', 'userinfo'].map((where) => Object.keys(parsed[where] ?? {}));
  } catch {
    return [];
  }
}

function loginForm(mountPath: string, details: InteractionDetails, error?: string): string {
  const action = `${mountPath}/interaction/${details.uid}`;
  const people = DEV_IDENTITIES.map(
    (person, index) =>
      `<label><input type="radio" name="login" value="${escapeHtml(person.login)}"${index === 0 ? ' checked' : ''}> ` +
      `<code>${escapeHtml(person.login)}</code> — ${escapeHtml(person.description)}</label>`,
  ).join('');
  const levels = EIDAS_LEVELS.map((level) => `<option value="${level}">${level}</option>`).join('');
  return page(
    'FranceConnect (stand-in)',
    `<h1>Connexion avec FranceConnect (stand-in)</h1>` +
      (error ? `<p role="alert"><strong>${escapeHtml(error)}</strong></p>` : '') +
      `<p>Client : <code>${escapeHtml(details.params.client_id)}</code>. Scopes demandés : ` +
      `<code>${escapeHtml(details.params.scope ?? '')}</code></p>` +
      `<form method="post" action="${escapeHtml(action)}/login">${people}` +
      `<p><label>Niveau eIDAS (acr) <select name="acr">${levels}</select></label></p>` +
      `<button type="submit">Se connecter</button></form>` +
      `<form method="post" action="${escapeHtml(action)}/abort"><button type="submit">Annuler</button></form>`,
  );
}

function send(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}
