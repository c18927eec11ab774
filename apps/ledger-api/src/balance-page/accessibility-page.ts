import { pageShell } from './page-layout';

/**
 * The accessibility statement linked from every footer. No RGAA audit has been made, so the service
 * says "non conforme" (the RGAA's rule without an audit), and names what is checked automatically.
 */
export const ACCESSIBILITY_PAGE_HTML = pageShell(
  'Accessibilité — Mon solde de points',
  `<h1>Déclaration d’accessibilité</h1>
<p>Le service « Mon solde de points » s’engage à rendre son site accessible conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.</p>
<h2>État de conformité</h2>
<p>Le site est <strong>non conforme</strong> au référentiel général d’amélioration de l’accessibilité (RGAA) : aucun audit n’a encore été réalisé.</p>
<p>Chaque état de la page (non connecté, connecté, erreur, résultat) est vérifié automatiquement avec l’outil axe-core, sans défaut grave ni critique, dans un vrai navigateur. Les champs ont des libellés, les erreurs sont annoncées, le résultat reçoit le focus et tout se fait au clavier.</p>
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez le responsable du site pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.</p>
<h2>Voies de recours</h2>
<p>Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu ou à une fonctionnalité du site, que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse de notre part, vous pouvez saisir le Défenseur des droits.</p>
<p><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/">Retour à mon solde de points</a></p>`,
);
