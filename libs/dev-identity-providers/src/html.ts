export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}' +
    'label{display:block;margin:.3rem 0}code{background:#eee;padding:0 .2rem}</style></head>' +
    `<body><p><strong>Development stand-in — not a real identity provider.</strong></p>${body}</body></html>`
  );
}
