import PDFDocument from 'pdfkit';
import type { CalendarDate } from '@ledger/domain';
import { UNICODE_FONT_FILES } from './unicode-fonts';

/** A4 in PostScript points, and the margins of every page (about 22 mm left, 18 to 27 mm elsewhere). */
export const PAGE = { width: 595.28, height: 841.89 } as const;
export const MARGIN = { top: 78, bottom: 50, left: 62, right: 56 } as const;
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

/**
 * Embedded DejaVu Sans, registered in every document: the standard PDF fonts only know WinAnsi and
 * would print "Łucja Wiśniewska" or "Nguyễn Thị Ánh" as garbage (issue 13). Every name must print.
 */
export const FONT = { regular: 'ledger-regular', bold: 'ledger-bold', italic: 'ledger-italic' } as const;

export const COLOURS = {
  text: '#111111',
  muted: '#555555',
  rule: '#9a9a9a',
  band: '#e9e9e9',
  shade: '#f3f3f3',
} as const;

/**
 * A new A4 document whose bytes depend only on what is drawn: the creation date comes from the
 * letter's date (never the clock), and the file ID derives from the info dictionary, so the same
 * letter renders to the same bytes on every call and every replay.
 */
export function newDocument(title: string, dated: CalendarDate): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { ...MARGIN },
    bufferPages: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: title,
      Author: 'Registre national des points du permis de conduire',
      Creator: 'points-ledger',
      Producer: 'points-ledger (pdfkit)',
      CreationDate: new Date(`${dated}T00:00:00.000Z`),
    },
    font: UNICODE_FONT_FILES.regular,
  });
  doc.registerFont(FONT.regular, UNICODE_FONT_FILES.regular);
  doc.registerFont(FONT.bold, UNICODE_FONT_FILES.bold);
  doc.registerFont(FONT.italic, UNICODE_FONT_FILES.italic);
  return doc;
}

/** Ends the document and collects its bytes. */
export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Writes at a fixed place without letting pdfkit open a page (headers and footers live in the margins). */
export function writeAt(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  options: PDFKit.Mixins.TextOptions & { font?: string; size?: number; colour?: string } = {},
): void {
  const { font = FONT.regular, size = 9, colour = COLOURS.text, ...textOptions } = options;
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc
    .font(font)
    .fontSize(size)
    .fillColor(colour)
    .text(text, x, y, { lineBreak: false, ...textOptions });
  doc.page.margins.bottom = bottom;
}
