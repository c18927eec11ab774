/**
 * Logging a holder in through the real FranceConnect flow, without a browser: Node's fetch with
 * `redirect: 'manual'`, a small cookie jar, and the development stand-in's one-form login page.
 *
 *   const { cookieHeader } = await loginAsHolder(apiBaseUrl, 'camille');
 *   await fetch(`${apiBaseUrl}/graphql`, { headers: { cookie: cookieHeader, … } });
 *
 * The API must be wired to the development identity providers (apps/dev-identity-provider).
 */

export interface StoredCookie {
  name: string;
  value: string;
  host: string;
  /** Set when the cookie had a Domain attribute: then sub-domains match too. */
  domain?: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
  /** Epoch ms; absent for a browser-session cookie. */
  expiresAt?: number;
  /** The Set-Cookie header it came from, for assertions on attributes. */
  raw: string;
}

/** Cookies as a browser keeps them (RFC 6265): by host (not port), path and name. */
export class CookieJar {
  private cookies: StoredCookie[] = [];

  constructor(private readonly now: () => number = () => Date.now()) {}

  store(url: URL, setCookieHeaders: readonly string[]): void {
    for (const raw of setCookieHeaders) {
      const cookie = parseSetCookie(url, raw, this.now());
      if (!cookie) continue;
      this.cookies = this.cookies.filter(
        (c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path),
      );
      if (cookie.expiresAt === undefined || cookie.expiresAt > this.now()) this.cookies.push(cookie);
    }
  }

  /** The cookies a browser would send to `url`, longest path first. */
  cookiesFor(url: URL | string): StoredCookie[] {
    const target = new URL(url);
    const host = target.hostname.toLowerCase();
    return this.cookies
      .filter((c) => c.expiresAt === undefined || c.expiresAt > this.now())
      .filter((c) => (c.domain ? host === c.domain || host.endsWith(`.${c.domain}`) : host === c.host))
      .filter((c) => pathMatches(target.pathname, c.path))
      .filter((c) => !c.secure || target.protocol === 'https:')
      .sort((a, b) => b.path.length - a.path.length);
  }

  header(url: URL | string): string {
    return this.cookiesFor(url)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  get(url: URL | string, name: string): StoredCookie | undefined {
    return this.cookiesFor(url).find((c) => c.name === name);
  }

  all(): readonly StoredCookie[] {
    return [...this.cookies];
  }
}

export interface Hop {
  method: string;
  url: string;
  status: number;
  location?: string;
  response: Response;
}

/** One request with the jar's cookies; stores the cookies it sets; never follows a redirect. */
export async function send(jar: CookieJar, url: URL | string, init: RequestInit = {}): Promise<Response> {
  const target = new URL(url);
  const headers = new Headers(init.headers);
  const cookie = jar.header(target);
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(target, { ...init, headers, redirect: 'manual' });
  jar.store(target, response.headers.getSetCookie());
  return response;
}

/**
 * Follows redirects by hand (so every hop's cookies land in the jar), until a response that is not
 * a redirect or until `stop` says so; returns every hop, the last one included.
 */
export async function followRedirects(
  jar: CookieJar,
  url: URL | string,
  options: { init?: RequestInit; stop?: (next: URL) => boolean; maxHops?: number } = {},
): Promise<Hop[]> {
  const hops: Hop[] = [];
  let current = new URL(url);
  let init: RequestInit = options.init ?? {};
  for (let i = 0; i < (options.maxHops ?? 20); i += 1) {
    const response = await send(jar, current, init);
    const location = response.headers.get('location') ?? undefined;
    hops.push({
      method: init.method ?? 'GET',
      url: current.href,
      status: response.status,
      location,
      response,
    });
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) return hops;
    const next = new URL(location, current);
    if (options.stop?.(next)) return hops;
    await response.body?.cancel();
    // 307/308 would repeat the method and body; the login flow uses 302/303, which become GET.
    init = response.status === 307 || response.status === 308 ? init : {};
    current = next;
  }
  throw new Error(`more than ${options.maxHops ?? 20} redirects from ${String(url)}`);
}

export interface FranceConnectDrive {
  /** The authorization response FranceConnect sent the browser back with (not yet requested). */
  callbackUrl: string;
  /** The authorization request the API redirected to. */
  authorizationUrl: string;
  jar: CookieJar;
}

export interface HolderLoginOptions {
  jar?: CookieJar;
  /** Passed to /auth/franceconnect/login. */
  returnTo?: string;
  /** The eIDAS level the stand-in should report (default: as requested, eidas1). */
  acr?: string;
}

/**
 * From the API's login route to the moment FranceConnect redirects back to the callback: the
 * redirects, the stand-in's form submitted as `login`. Stops before the callback, so that a test can
 * tamper with it.
 */
export async function driveFranceConnect(
  apiBaseUrl: string,
  login: string,
  options: HolderLoginOptions = {},
): Promise<FranceConnectDrive> {
  const jar = options.jar ?? new CookieJar();
  const api = new URL(apiBaseUrl);
  const start = new URL('/auth/franceconnect/login', api);
  if (options.returnTo !== undefined) start.searchParams.set('returnTo', options.returnTo);
  const isCallback = (next: URL) =>
    next.origin === api.origin && next.pathname === '/auth/franceconnect/callback';

  let hops = await followRedirects(jar, start, { stop: isCallback });
  const authorizationUrl = hops[0]?.location ? new URL(hops[0].location, start).href : '';
  for (let forms = 0; forms < 5; forms += 1) {
    const last = hops[hops.length - 1];
    if (last.location && isCallback(new URL(last.location, last.url))) {
      return { callbackUrl: new URL(last.location, last.url).href, authorizationUrl, jar };
    }
    const body = await last.response.text();
    const form = last.status === 200 ? nextForm(body, login, options.acr) : undefined;
    if (!form) {
      throw new Error(
        `FranceConnect login for ${login} stopped at ${last.method} ${last.url} (${last.status}): ${body.slice(0, 300)}`,
      );
    }
    hops = await followRedirects(jar, new URL(form.action, last.url), {
      init: {
        method: 'POST',
        body: form.fields,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      stop: isCallback,
    });
  }
  throw new Error(`FranceConnect login for ${login} did not come back to the API`);
}

export interface HolderLogin {
  /** `ledger_session=<id>`: the Cookie header for the API. */
  cookieHeader: string;
  /** The Set-Cookie header of the session, for assertions on its attributes. */
  sessionCookie: string;
  /** Where the API sent the holder after login ('/' or the returnTo). */
  location: string;
  jar: CookieJar;
}

/** The whole login of a test identity (camille, jules, …, intruder); throws if no session opens. */
export async function loginAsHolder(
  apiBaseUrl: string,
  login: string,
  options: HolderLoginOptions = {},
): Promise<HolderLogin> {
  const { callbackUrl, jar } = await driveFranceConnect(apiBaseUrl, login, options);
  const response = await send(jar, callbackUrl);
  const session = jar.get(apiBaseUrl, 'ledger_session');
  if (response.status !== 302 || !session) {
    throw new Error(
      `the API refused the FranceConnect callback for ${login} (${response.status}): ${(await response.text()).slice(0, 300)}`,
    );
  }
  return {
    cookieHeader: `ledger_session=${session.value}`,
    sessionCookie: session.raw,
    location: response.headers.get('location') ?? '',
    jar,
  };
}

/**
 * The form a person would submit on this page: the stand-in's login form (pick `login`), or a page
 * that submits itself with JavaScript (oidc-provider ends its previous session that way when
 * another identity logs in), whose hidden fields are posted as its <noscript> button would.
 */
function nextForm(
  html: string,
  login: string,
  acr?: string,
): { action: string; fields: URLSearchParams } | undefined {
  const loginAction = /<form[^>]*method="post"[^>]*action="([^"]*\/login)"/i.exec(html)?.[1];
  if (loginAction) {
    const fields = new URLSearchParams({ login });
    if (acr) fields.set('acr', acr);
    return { action: decodeHtml(loginAction), fields };
  }
  const form = /<form[^>]*method="post"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const fields = new URLSearchParams();
  for (const input of form[2].matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/i.exec(input[0])?.[1];
    const value = /value="([^"]*)"/i.exec(input[0])?.[1] ?? '';
    if (name) fields.append(decodeHtml(name), decodeHtml(value));
  }
  return { action: decodeHtml(form[1]), fields };
}

function parseSetCookie(url: URL, raw: string, now: number): StoredCookie | null {
  const [pair, ...attributes] = raw.split(';');
  const index = pair.indexOf('=');
  if (index <= 0) return null;
  const cookie: StoredCookie = {
    name: pair.slice(0, index).trim(),
    value: pair.slice(index + 1).trim(),
    host: url.hostname.toLowerCase(),
    path: defaultPath(url.pathname),
    secure: false,
    httpOnly: false,
    raw,
  };
  let maxAgeSeen = false;
  for (const attribute of attributes) {
    const [key, ...rest] = attribute.split('=');
    const name = key.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (name === 'path' && value.startsWith('/')) cookie.path = value;
    else if (name === 'domain' && value) cookie.domain = value.replace(/^\./, '').toLowerCase();
    else if (name === 'secure') cookie.secure = true;
    else if (name === 'httponly') cookie.httpOnly = true;
    else if (name === 'samesite') cookie.sameSite = value;
    else if (name === 'max-age' && /^-?\d+$/.test(value)) {
      cookie.expiresAt = now + Number(value) * 1000;
      maxAgeSeen = true;
    } else if (name === 'expires' && !maxAgeSeen) {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) cookie.expiresAt = time;
    }
  }
  return cookie;
}

/** RFC 6265 §5.1.4: the directory of the request path. */
function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/';
  const last = pathname.lastIndexOf('/');
  return last <= 0 ? '/' : pathname.slice(0, last);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

const decodeHtml = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
