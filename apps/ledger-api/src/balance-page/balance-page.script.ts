import type { LetterReference } from '@ledger/domain';
import { letterHeadline, LETTER_SUBJECTS } from '@ledger/letters';
import { FRENCH_MESSAGES } from './french-messages';

/**
 * The page's script, served as /balance-page.js (same origin: the CSP allows no inline script).
 * Plain ES2017 for any browser; it writes data with textContent only, never as HTML. It asks the
 * balance with the session cookie, shows "loading", then the result or the refusal in French
 * (FRENCH_MESSAGES, by the API's code), and moves the focus to what changed.
 */
const QUERY =
  'query($n:String!,$c:String!){myPointsBalance(licenceNumber:$n,licenceNumberConfirmation:$c){' +
  'licenceNumber points capital asOf status invalidatedOn newLicenceAllowedFrom ' +
  'probation{startedOn endsOn} notices ' +
  'history{effectiveOn kind points balanceAfter capitalAfter explanation article} ' +
  'upcomingRestorations{expectedOn kind points condition} ' +
  'letters{letterId reference issuedOn channel pdfUrl postedOn} ' +
  'consultations{consultedAt consultedBy role operation}}}';

const SCRIPT = String.raw`
(function (MESSAGES, QUERY, LETTERS) {
  'use strict';
  var MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
  var CHANNELS = { ORDINARY_MAIL: 'lettre simple', REGISTERED: 'lettre recommandée', REGISTERED_WITH_RECEIPT: 'lettre recommandée avec accusé de réception' };
  var OPERATIONS = { myPointsBalance: 'solde de points', licenceFile: 'dossier complet', letterPdf: 'courrier (PDF)', printRunPdf: 'impression des courriers', recordPdf: 'relevé intégral (PDF)' };
  var AGENTS = { LEDGER_READER: 'consultation', LEDGER_CLERK: 'enregistrement', LEDGER_SYSTEM: 'traitement quotidien' };
  var TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
  var DAY_IN_PARIS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

  function frenchDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!m) return iso || '';
    var day = Number(m[3]);
    return (day === 1 ? '1er' : String(day)) + ' ' + MONTHS[Number(m[2]) - 1] + ' ' + m[1];
  }
  function parisDateTime(instant) {
    var d = new Date(instant);
    return frenchDate(DAY_IN_PARIS.format(d)) + ' à ' + TIME.format(d).replace(':', ' h ');
  }
  function pointsText(n) { return n + ' point' + (Math.abs(n) >= 2 ? 's' : ''); }
  function signed(n) { return (n > 0 ? '+' : n < 0 ? '−' : '') + pointsText(Math.abs(n)); }
  function who(c) {
    if (c.role === 'HOLDER') return 'vous';
    return 'un agent du service (' + (AGENTS[c.role] || 'consultation') + ')';
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }
  function table(caption, headings, rows, empty) {
    if (!rows.length) return el('p', { text: empty, class: 'ledger-empty' });
    var head = el('tr', {}, headings.map(function (h) { return el('th', { scope: 'col', text: h }); }));
    var body = rows.map(function (cells) { return el('tr', {}, cells.map(function (c, i) { return el('td', { 'data-label': headings[i], class: typeof c === 'string' && c.length <= 12 ? 'ledger-short' : 'ledger-long' }, [c]); })); });
    return el('div', { class: 'fr-table fr-table--no-caption ledger-table' }, [el('div', { class: 'fr-table__wrapper' }, [el('div', { class: 'fr-table__container' }, [el('div', { class: 'fr-table__content' }, [
      el('table', {}, [el('caption', { text: caption }), el('thead', {}, [head]), el('tbody', {}, body)])
    ])])])]);
  }
  function section(id, title, content) {
    return el('section', { class: 'fr-mt-6w ledger-section', 'aria-labelledby': id }, [el('h3', { id: id, text: title })].concat(content));
  }
  function alert(kind, title, lines) {
    return el('div', { class: 'fr-alert fr-alert--' + kind + ' fr-mb-3w' }, [el('h4', { class: 'fr-alert__title', text: title })].concat(lines.map(function (l) { return el('p', { text: l }); })));
  }

  function statusOf(b) {
    if (b.status === 'INVALIDATED') {
      return alert('error', 'Permis invalidé', [
        'Votre permis est invalidé pour solde nul depuis le ' + frenchDate(b.invalidatedOn) + ' (article L223-5 du code de la route) : vous ne pouvez plus conduire avec ce permis et devez le remettre à la préfecture.',
        b.newLicenceAllowedFrom
          ? 'Vous pourrez demander un nouveau permis à partir du ' + frenchDate(b.newLicenceAllowedFrom) + '.'
          : 'Le délai avant de pouvoir demander un nouveau permis (six mois, ou un an en cas de nouvelle invalidation dans les cinq ans) court à partir de la remise du permis à la préfecture.'
      ]);
    }
    if (b.status === 'INVALIDATION_PENDING') {
      return alert('warning', 'Invalidation en cours', [
        'Votre solde est nul : une lettre recommandée 48SI vous est adressée. L’invalidation prendra effet à sa remise (article L223-5). Jusque-là, votre permis reste valide.',
        'Ce qui peut encore sauver votre permis : un stage de sensibilisation à la sécurité routière terminé avant la remise de la lettre ajoute 4 points (article L223-6), de même qu’une restitution de points dont la date arrive avant cette remise.'
      ]);
    }
    var lines = ['Aucune invalidation n’est en cours.'];
    if (b.probation) lines.push('Permis probatoire : la période probatoire court jusqu’au ' + frenchDate(b.probation.endsOn) + ' ; le capital augmente chaque année sans infraction entraînant un retrait de points (article R223-1).');
    return alert('success', 'Permis valide', lines);
  }
  function historyLine(h) {
    return [frenchDate(h.effectiveOn), h.explanation, signed(h.points), h.balanceAfter + ' / ' + h.capitalAfter, h.article];
  }
  function letterItem(l) {
    var label = (LETTERS[l.reference] || 'Courrier') + ' — du ' + frenchDate(l.issuedOn);
    var detail = 'PDF — ' + (CHANNELS[l.channel] || 'courrier') + (l.postedOn ? ', posté le ' + frenchDate(l.postedOn) : '');
    return el('li', {}, [el('div', { class: 'fr-download' }, [el('p', {}, [
      el('a', { href: l.pdfUrl, download: l.letterId + '.pdf', class: 'fr-download__link' }, [label, el('span', { class: 'fr-download__detail', text: detail })])
    ])])]);
  }
  function actions(b) {
    var print = el('button', { type: 'button', class: 'fr-btn fr-btn--secondary fr-icon-printer-line fr-btn--icon-left', id: 'print', text: 'Imprimer' });
    print.addEventListener('click', function () { window.print(); });
    var record = el('a', { class: 'fr-btn fr-icon-download-line fr-btn--icon-left', id: 'record-download', href: '/records/' + encodeURIComponent(b.licenceNumber) + '.pdf', download: 'releve-integral.pdf', text: 'Télécharger mon relevé intégral (PDF)' });
    return el('ul', { class: 'fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left ledger-actions' }, [el('li', {}, [record]), el('li', {}, [print])]);
  }

  function render(b) {
    var result = document.getElementById('result');
    result.textContent = '';
    result.appendChild(el('h2', { id: 'result-title', text: 'Votre solde au ' + frenchDate(b.asOf) }));
    result.appendChild(el('p', { class: 'ledger-balance', id: 'balance' }, [el('strong', { text: String(b.points) }), ' ' + (b.points >= 2 ? 'points' : 'point') + ' sur un capital de ', el('strong', { text: String(b.capital) })]));
    result.appendChild(el('p', { class: 'fr-text--sm ledger-number', text: 'Permis n° ' + b.licenceNumber + ' — solde enregistré à cet instant.' }));
    result.appendChild(statusOf(b));
    result.appendChild(actions(b));
    result.appendChild(section('history-title', 'Historique', [table('Historique des points', ['Date', 'Opération', 'Points', 'Solde / capital', 'Article'], b.history.map(historyLine), 'Aucun retrait ni aucune restitution de points.')]));
    result.appendChild(section('upcoming-title', 'Restitutions à venir', [table('Restitutions à venir', ['Date prévue', 'Points', 'Condition'], b.upcomingRestorations.map(function (u) { return [frenchDate(u.expectedOn), signed(u.points), u.condition]; }), 'Aucune restitution de points n’est prévue.')]));
    result.appendChild(section('letters-title', 'Courriers reçus', [b.letters.length ? el('ul', { class: 'ledger-letters' }, b.letters.map(letterItem)) : el('p', { text: 'Aucun courrier ne vous a été adressé.' })]));
    result.appendChild(section('consultations-title', 'Qui a consulté votre dossier', [table('Consultations de votre dossier', ['Date et heure (heure de Paris)', 'Par', 'Quoi'], b.consultations.map(function (c) { return [parisDateTime(c.consultedAt), who(c), OPERATIONS[c.operation] || (c.role === 'LEDGER_CLERK' ? 'mise à jour du dossier' : 'dossier')]; }), 'Aucune consultation.')]));
    result.appendChild(section('notices-title', 'À savoir', [el('div', { class: 'fr-callout' }, [el('ul', { class: 'fr-callout__text ledger-notices' }, b.notices.map(function (n) { return el('li', { text: n }); }))])]));
    result.hidden = false;
    result.focus();
  }

  var form = document.getElementById('balance-form');
  var errorRegion = document.getElementById('error-region');
  var loading = document.getElementById('loading');
  var submit = document.getElementById('submit');
  var confirmationGroup = document.getElementById('confirmation-group');
  var confirmation = document.getElementById('licence-number-confirmation');

  function clearError() {
    errorRegion.textContent = '';
    confirmationGroup.classList.remove('fr-input-group--error');
    confirmation.removeAttribute('aria-invalid');
    confirmation.removeAttribute('aria-describedby');
    var old = document.getElementById('confirmation-error');
    if (old) old.remove();
  }
  function showError(code) {
    var message = MESSAGES[code] || MESSAGES.INTERNAL_SERVER_ERROR;
    document.getElementById('result').hidden = true;
    var box = el('div', { class: 'fr-alert fr-alert--error fr-mb-3w', id: 'error', tabindex: '-1', 'data-code': code }, [
      el('h2', { class: 'fr-alert__title', text: 'Votre solde ne peut pas être affiché' }), el('p', { text: message })
    ]);
    errorRegion.appendChild(box);
    if (code === 'LICENCE.NUMBERS_DIFFER') {
      confirmationGroup.classList.add('fr-input-group--error');
      confirmation.setAttribute('aria-invalid', 'true');
      confirmation.setAttribute('aria-describedby', 'confirmation-error');
      confirmationGroup.appendChild(el('p', { class: 'fr-error-text', id: 'confirmation-error', text: 'Le numéro confirmé diffère du premier.' }));
    }
    box.focus();
  }
  function codeOf(response, answer) {
    if (response.status === 429) return 'RATE_LIMITED';
    if (response.status === 413) return 'PAYLOAD_TOO_LARGE';
    var error = answer && answer.errors && answer.errors[0];
    if (error) return (error.extensions && error.extensions.code) || 'INTERNAL_SERVER_ERROR';
    return answer && answer.data && answer.data.myPointsBalance ? null : 'INTERNAL_SERVER_ERROR';
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearError();
    var data = new FormData(form);
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    loading.textContent = 'Recherche de votre solde en cours…';
    fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { n: data.get('licenceNumber'), c: data.get('licenceNumberConfirmation') } }) })
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (answer) { return { response: response, answer: answer }; });
      })
      .then(function (r) {
        var code = codeOf(r.response, r.answer);
        loading.textContent = '';
        if (code) showError(code); else render(r.answer.data.myPointsBalance);
      })
      .catch(function () { loading.textContent = ''; showError('NETWORK'); })
      .then(function () { submit.disabled = false; form.removeAttribute('aria-busy'); });
  });
})`;

/** The letters' headlines by the contract's enum value (REF_48SI), as the full record names them. */
const LETTER_HEADLINES = Object.fromEntries(
  (Object.keys(LETTER_SUBJECTS) as LetterReference[]).map((reference) => [`REF_${reference}`, letterHeadline(reference)]),
);

export const BALANCE_PAGE_JS = `${SCRIPT}(${JSON.stringify(FRENCH_MESSAGES)}, ${JSON.stringify(QUERY)}, ${JSON.stringify(LETTER_HEADLINES)});\n`;
