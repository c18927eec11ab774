/**
 * The holder's balance page (RULES §8): sign in with FranceConnect, type the licence number twice,
 * read "X points sur un capital de Y" with the history, the restorations to come and the notices.
 * Static: the script asks /graphql from the same origin, so the session cookie is the only proof.
 */
export const BALANCE_PAGE_HTML = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Solde de points du permis de conduire</title>
<link rel="stylesheet" href="/balance-page.css">
</head>
<body>
<main>
  <h1>Mon solde de points</h1>
  <p id="signed-out">Pour consulter votre solde, identifiez-vous avec FranceConnect.
    <a class="button" href="/auth/franceconnect/login">S'identifier avec FranceConnect</a></p>
  <form id="balance-form">
    <label>Numéro de permis <input name="licenceNumber" autocomplete="off" maxlength="64" required></label>
    <label>Confirmez le numéro <input name="licenceNumberConfirmation" autocomplete="off" maxlength="64" required></label>
    <button type="submit">Afficher mon solde</button>
    <a href="/auth/franceconnect/logout">Se déconnecter</a>
  </form>
  <p id="error" role="alert"></p>
  <section id="result" hidden>
    <p class="balance"><strong id="points"></strong> points sur un capital de <strong id="capital"></strong></p>
    <p id="status"></p>
    <h2>Historique</h2><ul id="history"></ul>
    <h2>Restitutions à venir</h2><ul id="upcoming"></ul>
    <h2>Consultations de votre dossier</h2><ul id="consultations"></ul>
    <h2>Mentions</h2><ul id="notices"></ul>
  </section>
</main>
<script src="/balance-page.js"></script>
</body>
</html>`;

export const BALANCE_PAGE_CSS = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:48rem;padding:0 1rem;color:#161616}
label{display:block;margin:.5rem 0}input{margin-left:.5rem;padding:.3rem}
.button,button{background:#000091;color:#fff;padding:.5rem 1rem;border:0;text-decoration:none;display:inline-block;margin:.5rem 0}
.balance{font-size:1.5rem}#error{color:#ce0500}`;

export const BALANCE_PAGE_JS = `(function () {
  var QUERY = 'query($n:String!,$c:String!){myPointsBalance(licenceNumber:$n,licenceNumberConfirmation:$c){points capital asOf status notices history{effectiveOn points balanceAfter capitalAfter explanation} upcomingRestorations{expectedOn points condition} consultations{consultedAt consultedBy role}}}';
  var form = document.getElementById('balance-form');
  function list(id, items, text) {
    var ul = document.getElementById(id); ul.textContent = '';
    items.forEach(function (item) { var li = document.createElement('li'); li.textContent = text(item); ul.appendChild(li); });
    if (!items.length) { var li = document.createElement('li'); li.textContent = 'Aucune.'; ul.appendChild(li); }
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var data = new FormData(form);
    document.getElementById('error').textContent = '';
    fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { n: data.get('licenceNumber'), c: data.get('licenceNumberConfirmation') } }) })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.errors) { document.getElementById('error').textContent = answer.errors[0].message; document.getElementById('result').hidden = true; return; }
        var b = answer.data.myPointsBalance;
        document.getElementById('points').textContent = b.points;
        document.getElementById('capital').textContent = b.capital;
        document.getElementById('status').textContent = 'Au ' + b.asOf + ' — ' + ({ VALID: 'permis valide', INVALIDATION_PENDING: 'invalidation en cours (lettre 48SI)', INVALIDATED: 'permis invalidé' })[b.status];
        list('history', b.history, function (h) { return h.effectiveOn + ' : ' + (h.points > 0 ? '+' : '') + h.points + ' → ' + h.balanceAfter + '/' + h.capitalAfter + '. ' + h.explanation; });
        list('upcoming', b.upcomingRestorations, function (u) { return u.expectedOn + ' : +' + u.points + '. ' + u.condition; });
        list('consultations', b.consultations, function (c) { return c.consultedAt + ' — ' + c.consultedBy + ' (' + c.role + ')'; });
        list('notices', b.notices, function (n) { return n; });
        document.getElementById('result').hidden = false;
      })
      .catch(function () { document.getElementById('error').textContent = 'Le service ne répond pas ; réessayez plus tard.'; });
  });
})();`;
