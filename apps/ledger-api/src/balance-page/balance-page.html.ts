import { escapeHtml, pageShell } from './page-layout';

/**
 * The holder's balance page (RULES §8, issue 15), rendered for who asks: signed out, it says what
 * the service is and offers only the FranceConnect button; signed in, it names the holder and shows
 * the form. The script (balance-page.script.ts) asks /graphql from the same origin and draws the
 * loading state, the errors and the result.
 */

const PAGE_TITLE = 'Mon solde de points — permis de conduire';

/** FranceConnect's button as its guidelines draw it (DSFR's fr-connect), and the "what is it" link. */
const FRANCECONNECT_BUTTON = `<div class="fr-connect-group">
  <a class="fr-connect" href="/auth/franceconnect/login" id="franceconnect-login">
    <span class="fr-connect__login">S’identifier avec</span> <span class="fr-connect__brand">FranceConnect</span>
  </a>
  <p><a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que FranceConnect ? — nouvelle fenêtre">Qu’est-ce que FranceConnect ?</a></p>
</div>`;

function signedOut(): string {
  return `<h1>Consulter le solde de points de mon permis de conduire</h1>
<div class="fr-grid-row fr-grid-row--gutters"><div class="fr-col-12 fr-col-md-8">
  <p class="fr-text--lead">Ce service vous montre le nombre de points de votre permis de conduire à cet instant, l’historique des retraits et des restitutions, les points qui vous reviendront et à quelle condition, et les courriers qui vous ont été adressés.</p>
  <p>Le solde est personnel : seul le titulaire du permis peut le consulter. Vous vous identifiez avec FranceConnect, puis vous saisissez le numéro de votre permis.</p>
  ${FRANCECONNECT_BUTTON}
</div></div>`;
}

const NUMBER_HINT =
  'Il figure sur votre permis, rubrique 5 : 12 chiffres (par exemple 150375100001), ou sur un permis plus ancien trois groupes séparés par des espaces (par exemple 98AB12&nbsp;69&nbsp;03).';

function signedIn(holderName: string): string {
  return `<h1>Consulter le solde de points de mon permis de conduire</h1>
<div class="ledger-identity fr-mb-4w">
  <p class="fr-mb-1w">Identité FranceConnect : <strong id="holder-name">${escapeHtml(holderName)}</strong></p>
  <a class="fr-btn fr-btn--secondary fr-btn--sm fr-icon-logout-box-r-line fr-btn--icon-left" href="/auth/franceconnect/logout" id="logout">Se déconnecter</a>
</div>
<div id="error-region" role="alert" aria-atomic="true"></div>
<form id="balance-form" class="ledger-form fr-mb-4w" novalidate>
  <fieldset class="fr-fieldset" aria-labelledby="form-legend">
    <legend class="fr-fieldset__legend" id="form-legend">Numéro de votre permis de conduire</legend>
    <div class="fr-fieldset__element"><div class="fr-input-group" id="number-group">
      <label class="fr-label" for="licence-number">Numéro de permis
        <span class="fr-hint-text">${NUMBER_HINT}</span></label>
      <input class="fr-input" id="licence-number" name="licenceNumber" autocomplete="off" spellcheck="false" maxlength="64" required aria-required="true">
    </div></div>
    <div class="fr-fieldset__element"><div class="fr-input-group" id="confirmation-group">
      <label class="fr-label" for="licence-number-confirmation">Confirmez le numéro de permis
        <span class="fr-hint-text">Saisissez-le une seconde fois, sans le copier.</span></label>
      <input class="fr-input" id="licence-number-confirmation" name="licenceNumberConfirmation" autocomplete="off" spellcheck="false" maxlength="64" required aria-required="true">
    </div></div>
    <div class="fr-fieldset__element">
      <button class="fr-btn" type="submit" id="submit">Afficher mon solde</button>
    </div>
  </fieldset>
</form>
<p id="loading" class="ledger-loading" role="status" aria-live="polite"></p>
<section id="result" class="ledger-result" tabindex="-1" aria-labelledby="result-title" hidden></section>`;
}

export interface BalancePageViewer {
  /** "Camille MARTIN", when a holder is signed in; null otherwise. */
  holderName: string | null;
}

export function balancePageHtml(viewer: BalancePageViewer): string {
  const main = viewer.holderName === null ? signedOut() : signedIn(viewer.holderName);
  return pageShell(PAGE_TITLE, main, viewer.holderName === null ? [] : ['/balance-page.js']);
}
