import type { ComposedLetter } from '../letter';
import { decorateLetterPages, drawLetter } from './draw-letter';
import { newDocument, toBuffer } from './pdf-document';

/** One letter as a printable A4 PDF; the same letter always gives the same bytes. */
export async function renderLetterPdf(letter: ComposedLetter): Promise<Buffer> {
  const doc = newDocument(`${letter.title} — ${letter.licenceLine}`, letter.issuedOn);
  const pages = drawLetter(doc, letter);
  decorateLetterPages(doc, letter, pages);
  return toBuffer(doc);
}
