/**
 * The few styles DSFR lacks for this page, and the print view ("Imprimer"): on paper only the
 * result is printed, with the service's name, as a Télépoints printout was.
 */
export const BALANCE_PAGE_CSS = `.ledger-balance{font-size:2rem;line-height:2.5rem;margin-bottom:.5rem}
.ledger-balance strong{font-size:2.5rem}
.ledger-identity{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem}
.ledger-form{max-width:40rem}
.ledger-loading:empty{display:none}
.ledger-result:focus{outline:2px solid #0a76f6;outline-offset:4px}
.ledger-letters{list-style:none;padding-left:0}
.ledger-table table{width:100%}
.ledger-table td,.ledger-table th{white-space:normal;vertical-align:top}
.ledger-table td:first-child,.ledger-table td.ledger-short{white-space:nowrap}
@media (max-width:47.99em){
  .ledger-table.fr-table thead{display:none}
  .ledger-table table,.ledger-table tbody,.ledger-table tr,.ledger-table td{display:block;width:100%}
  .ledger-table tr{border-bottom:1px solid var(--border-default-grey);padding:.5rem 0}
  .ledger-table.fr-table td{padding:.25rem .75rem!important;white-space:normal}
  .ledger-table td::before{content:attr(data-label) " : ";font-weight:700}
}
@media print{
  .fr-skiplinks,.fr-footer,.ledger-identity,.ledger-form,.ledger-actions,#error-region,.ledger-loading,.fr-header__service-tagline{display:none!important}
  .fr-header{box-shadow:none}
  .fr-header__brand{filter:none}
  main{padding:0!important}
  .ledger-section{break-inside:avoid-page}
  .ledger-table .fr-table__wrapper,.ledger-table .fr-table__container,.ledger-table .fr-table__content{overflow:visible!important}
  .fr-download__link::after{display:none}
  a[href]::after{content:none!important}
}`;
