import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CallerResolver, type Caller } from '@ledger/auth';
import { ACCESSIBILITY_PAGE_HTML } from './accessibility-page';
import { balancePageHtml } from './balance-page.html';
import { BALANCE_PAGE_CSS } from './balance-page.css';
import { BALANCE_PAGE_JS } from './balance-page.script';
import { DSFR_DIST, isServedDsfrFile } from './dsfr-assets';

/**
 * Scripts, styles and fonts come only from this origin (the design system is served under /dsfr/);
 * images also as data: URIs, because DSFR draws its logos (FranceConnect's among them) that way. The
 * page may not be framed, and forms post only here.
 */
export const BALANCE_PAGE_CSP =
  "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

const DSFR_PREFIX = '/dsfr/';

@Controller()
export class BalancePageController {
  constructor(private readonly callers: CallerResolver) {}

  /** Signed out or signed in, the page differs: never cached, never shared. */
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', BALANCE_PAGE_CSP)
  @Header('x-content-type-options', 'nosniff')
  @Header('cache-control', 'private, no-store')
  async page(@Req() req: Request): Promise<string> {
    const caller = await this.callerOrAnonymous(req);
    return balancePageHtml({
      holderName: caller.kind === 'holder' ? `${caller.identity.given_name} ${caller.identity.family_name}`.trim() : null,
    });
  }

  @Get('accessibilite')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', BALANCE_PAGE_CSP)
  @Header('x-content-type-options', 'nosniff')
  accessibility(): string {
    return ACCESSIBILITY_PAGE_HTML;
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

  /** The design system's files (dsfr-assets.ts says which); anything else is a 404. */
  @Get('dsfr/*path')
  dsfr(@Req() req: Request, @Res() res: Response): void {
    const path = req.path.slice(DSFR_PREFIX.length);
    if (!isServedDsfrFile(path)) {
      res.status(404).set('cache-control', 'no-store').type('text/plain').send('Fichier introuvable.');
      return;
    }
    res.sendFile(path, {
      root: DSFR_DIST,
      dotfiles: 'deny',
      maxAge: '1d',
      headers: { 'x-content-type-options': 'nosniff' },
    });
  }

  /** A page is for people: a refused bearer token shows the signed-out page rather than an error. */
  private async callerOrAnonymous(req: Request): Promise<Caller> {
    try {
      return await this.callers.resolve(req);
    } catch {
      return { kind: 'anonymous' };
    }
  }
}
