import { dirname, join } from 'node:path';

/**
 * DejaVu Sans covers Latin, Latin Extended, Vietnamese, Greek and Cyrillic: every name a French
 * licence file may hold (Marianne, the State's typeface, ships only as web fonts without Vietnamese).
 * Its licence (Bitstream Vera derivative) allows embedding. The files come from the npm package, so a
 * clean install has them; pdfkit subsets them with a tag derived from the font, so bytes stay stable.
 */
const FONT_DIRECTORY = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const UNICODE_FONT_FILES = {
  regular: join(FONT_DIRECTORY, 'DejaVuSans.ttf'),
  bold: join(FONT_DIRECTORY, 'DejaVuSans-Bold.ttf'),
  italic: join(FONT_DIRECTORY, 'DejaVuSans-Oblique.ttf'),
} as const;
