import type { ServerResponse } from 'node:http';

/** Login responses carry identities and one-time values: never cached by a browser or a proxy. */
function noStore(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

export function redirect(res: ServerResponse, location: string): void {
  noStore(res);
  res.statusCode = 302;
  res.setHeader('Location', location);
  res.setHeader('Content-Length', '0');
  res.end();
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A short page for a person, in French: what happened and what to do; never the technical reason. */
export function refusePage(res: ServerResponse, status: number, title: string, advice: string): void {
  noStore(res);
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(advice)}</p>` +
      `<p><a href="/auth/franceconnect/login">Se connecter avec FranceConnect</a></p></body></html>`,
  );
}
