import { Controller, Get, Header } from '@nestjs/common';
import { BALANCE_PAGE_CSS, BALANCE_PAGE_HTML, BALANCE_PAGE_JS } from './balance-page.html';

/** Scripts and styles come only from this origin; the page may not be framed. */
const CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

@Controller()
export class BalancePageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', CSP)
  @Header('x-content-type-options', 'nosniff')
  page(): string {
    return BALANCE_PAGE_HTML;
  }

  @Get('balance-page.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('x-content-type-options', 'nosniff')
  script(): string {
    return BALANCE_PAGE_JS;
  }

  @Get('balance-page.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('x-content-type-options', 'nosniff')
  style(): string {
    return BALANCE_PAGE_CSS;
  }
}
