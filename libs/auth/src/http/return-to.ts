/**
 * Where to send a holder after login: only a path of this site. An absolute URL, a scheme-relative
 * `//host`, a backslash (which browsers read as a slash) or a control character could turn the login
 * into an open redirect, so anything doubtful falls back to the home page.
 */
export function safeReturnTo(candidate: unknown, publicUrl: string): string {
  const fallback = '/';
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2048) return fallback;
  if (!candidate.startsWith('/') || candidate.startsWith('//')) return fallback;
  if (candidate.includes('\\') || hasControlCharacter(candidate)) return fallback;
  let resolved: URL;
  try {
    const base = new URL(publicUrl);
    resolved = new URL(candidate, base.origin);
    if (resolved.origin !== base.origin) return fallback;
  } catch {
    return fallback;
  }
  const target = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // A path that normalises to "//host…" ("/.//evil.example", "/a/..//evil.example") is a
  // protocol-relative URL: the browser would leave for that host. Found by test/reliability.
  return target.startsWith('//') ? fallback : target;
}

const hasControlCharacter = (text: string): boolean =>
  [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
