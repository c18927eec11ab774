/**
 * The frame of the holder's pages on the French State design system (DSFR 1.14, served from this
 * origin under /dsfr/): the header with the Marianne block and the service's name, the footer with
 * the accessibility statement. Everything else goes in <main>.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export const SERVICE_NAME = 'Mon solde de points';
export const SERVICE_TAGLINE = 'Le solde de points de votre permis de conduire, à cet instant';

function header(): string {
  return `<header role="banner" class="fr-header">
  <div class="fr-header__body"><div class="fr-container"><div class="fr-header__body-row">
    <div class="fr-header__brand fr-enlarge-link">
      <div class="fr-header__brand-top"><div class="fr-header__logo">
        <p class="fr-logo">République<br>Française</p>
      </div></div>
      <div class="fr-header__service">
        <a href="/" title="Accueil — ${SERVICE_NAME}"><p class="fr-header__service-title">${SERVICE_NAME}</p></a>
        <p class="fr-header__service-tagline">${SERVICE_TAGLINE}</p>
      </div>
    </div>
  </div></div></div>
</header>`;
}

function footer(): string {
  return `<footer class="fr-footer" role="contentinfo" id="footer">
  <div class="fr-container">
    <div class="fr-footer__body">
      <div class="fr-footer__brand fr-enlarge-link">
        <a href="/" title="Retour à l’accueil — ${SERVICE_NAME}"><p class="fr-logo">République<br>Française</p></a>
      </div>
      <div class="fr-footer__content">
        <p class="fr-footer__content-desc">Registre national des points du permis de conduire. Le solde de points est tenu selon les articles L223-1 à L223-8 et R223-1 à R223-8 du code de la route.</p>
        <ul class="fr-footer__content-list">
          <li class="fr-footer__content-item"><a class="fr-footer__content-link" href="https://www.legifrance.gouv.fr" rel="noopener" target="_blank" title="legifrance.gouv.fr — nouvelle fenêtre">legifrance.gouv.fr</a></li>
          <li class="fr-footer__content-item"><a class="fr-footer__content-link" href="https://www.service-public.fr" rel="noopener" target="_blank" title="service-public.fr — nouvelle fenêtre">service-public.fr</a></li>
        </ul>
      </div>
    </div>
    <div class="fr-footer__bottom">
      <ul class="fr-footer__bottom-list">
        <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="/accessibilite">Accessibilité : non conforme</a></li>
      </ul>
    </div>
  </div>
</footer>`;
}

/** A whole page: DSFR's styles and scripts, the skip link, the header, `main`, the footer. */
export function pageShell(title: string, main: string, scripts: readonly string[] = []): string {
  return `<!doctype html>
<html lang="fr" data-fr-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<meta name="format-detection" content="telephone=no">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/dsfr/dsfr.min.css">
<link rel="stylesheet" href="/dsfr/utility/icons/icons.min.css">
<link rel="stylesheet" href="/balance-page.css">
<link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">
</head>
<body>
<div class="fr-skiplinks"><nav class="fr-container" role="navigation" aria-label="Accès rapide">
  <ul class="fr-skiplinks__list"><li><a class="fr-link" href="#contenu">Contenu</a></li><li><a class="fr-link" href="#footer">Pied de page</a></li></ul>
</nav></div>
${header()}
<main role="main" id="contenu" class="fr-container fr-py-6w">
${main}
</main>
${footer()}
<script type="module" src="/dsfr/dsfr.module.min.js"></script>
${scripts.map((src) => `<script src="${src}"></script>`).join('\n')}
</body>
</html>`;
}
