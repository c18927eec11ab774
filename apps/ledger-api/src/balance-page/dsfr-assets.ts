import { dirname, join } from 'node:path';

/** Where the installed design system's built files are (node_modules/@gouvfr/dsfr/dist). */
export const DSFR_DIST = join(dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist');

/**
 * The design system's files this origin serves under /dsfr/: its styles, scripts, fonts, icons and
 * favicons, nothing else of the package (no source maps, no README). Paths are relative to
 * DSFR_DIST; `send` (through res.sendFile with a root) refuses any '..'.
 */
const SERVED = /^(?:(?:utility\/icons\/)?[a-z.]+\.min\.(?:css|js)|fonts\/[A-Za-z_-]+\.woff2?|icons\/[a-z-]+\/[a-z0-9-]+\.svg|favicon\/[a-z0-9-]+\.(?:svg|png|ico))$/;

export const isServedDsfrFile = (path: string): boolean => SERVED.test(path) && !path.includes('..');
