import type { ComposedLetter, LetterSection } from '../letter';
import { COLOURS, CONTENT_WIDTH, FONT, MARGIN, PAGE, writeAt } from './pdf-document';

const BODY_SIZE = 9.6;
const LINE_GAP = 1.7;
const PARAGRAPH_GAP = 6;
/** Where a window envelope (DL, window on the right) shows the address. */
const WINDOW = { x: 318, y: 138, width: PAGE.width - MARGIN.right - 318 } as const;

const bottomLimit = () => PAGE.height - MARGIN.bottom;

/**
 * The top line of every page holds the licence number (RULES §6). It is drawn first on each page,
 * so that a reader (or a screen reader) meets it first too; on later pages the channel follows.
 */
function drawPageHead(doc: PDFKit.PDFDocument, letter: ComposedLetter, continued: boolean): void {
  writeAt(doc, letter.licenceLine, MARGIN.left, 26, { font: FONT.bold, size: 11 });
  writeAt(doc, letter.title, MARGIN.left, 26, {
    font: FONT.bold,
    size: 11,
    width: CONTENT_WIDTH,
    align: 'right',
  });
  if (continued)
    writeAt(doc, `${letter.channelLabel} — suite`, MARGIN.left, 44, { size: 8.5, colour: COLOURS.muted });
}

/**
 * Every page break goes through here (paragraphs and rows are kept whole, never broken by pdfkit
 * itself), so that each new page gets its head before its body.
 */
function newPage(doc: PDFKit.PDFDocument, letter: ComposedLetter): void {
  doc.addPage();
  drawPageHead(doc, letter, true);
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
}

/** Opens a page when fewer than `height` points are left on this one. */
function ensureRoom(doc: PDFKit.PDFDocument, letter: ComposedLetter, height: number): void {
  if (doc.y + height > bottomLimit()) newPage(doc, letter);
}

/** The channel banner: how the letter travels, shown where the postman and the holder see it first. */
function drawChannelBanner(doc: PDFKit.PDFDocument, letter: ComposedLetter): void {
  const y = 46;
  const registered = letter.channel !== 'ORDINARY_MAIL';
  doc.save();
  doc.rect(MARGIN.left, y, CONTENT_WIDTH, 22).lineWidth(registered ? 1.6 : 0.6);
  if (registered) doc.fillAndStroke(COLOURS.band, COLOURS.text);
  else doc.fillAndStroke('#ffffff', COLOURS.rule);
  doc.restore();
  writeAt(doc, letter.channelLabel.toLocaleUpperCase('fr-FR'), MARGIN.left, y + 6.5, {
    font: FONT.bold,
    size: 10,
    width: CONTENT_WIDTH,
    align: 'center',
    characterSpacing: 0.6,
  });
}

function drawFirstPageHead(doc: PDFKit.PDFDocument, letter: ComposedLetter): void {
  drawChannelBanner(doc, letter);
  // Letterhead, top left.
  let y = 84;
  letter.sender.forEach((line, index) => {
    writeAt(doc, line, MARGIN.left, y, {
      font: index < 2 ? FONT.bold : FONT.regular,
      size: index < 2 ? 10 : 8.5,
    });
    y += index < 2 ? 12.5 : 11;
  });
  // Recipient, in the envelope's window.
  doc.font(FONT.regular).fontSize(10.5).fillColor(COLOURS.text);
  doc.text(letter.recipient[0], WINDOW.x, WINDOW.y, { width: WINDOW.width });
  doc.font(FONT.regular);
  for (const line of letter.recipient.slice(1)) doc.text(line, { width: WINDOW.width, lineGap: 1 });
  // Place and date, under the window.
  doc
    .font(FONT.regular)
    .fontSize(BODY_SIZE)
    .text(letter.placeAndDate, WINDOW.x, 216, { width: WINDOW.width });
  // Reference and subject, full width.
  doc.font(FONT.regular).fontSize(8.5).fillColor(COLOURS.muted).text(letter.referenceLine, MARGIN.left, 240, {
    width: CONTENT_WIDTH,
  });
  doc.moveDown(0.6);
  doc
    .font(FONT.bold)
    .fontSize(BODY_SIZE + 0.5)
    .fillColor(COLOURS.text)
    .text(letter.subject, MARGIN.left, doc.y, {
      width: CONTENT_WIDTH,
      lineGap: LINE_GAP,
    });
  doc.moveDown(1);
  doc.font(FONT.regular).fontSize(BODY_SIZE).text(letter.salutation, { width: CONTENT_WIDTH });
  doc.y += PARAGRAPH_GAP;
}

function drawParagraph(
  doc: PDFKit.PDFDocument,
  letter: ComposedLetter,
  text: string,
  emphasis = false,
): void {
  const setFont = () =>
    doc
      .font(emphasis ? FONT.bold : FONT.regular)
      .fontSize(BODY_SIZE)
      .fillColor(COLOURS.text);
  const options = { width: CONTENT_WIDTH, align: 'justify' as const, lineGap: LINE_GAP };
  // Kept whole: a paragraph is never taller than a page here, and pdfkit must not open pages itself.
  ensureRoom(doc, letter, setFont().heightOfString(text, options));
  setFont().text(text, MARGIN.left, doc.y, options); // again: a new page's head changed the font
  doc.y += PARAGRAPH_GAP;
}

function drawFacts(
  doc: PDFKit.PDFDocument,
  letter: ComposedLetter,
  section: Extract<LetterSection, { kind: 'facts' }>,
): void {
  const labelWidth = 168;
  const valueX = MARGIN.left + labelWidth + 14;
  const valueWidth = CONTENT_WIDTH - labelWidth - 14;
  const heights = section.rows.map(([label, value]) =>
    Math.max(
      doc.font(FONT.regular).fontSize(9.5).heightOfString(label, { width: labelWidth }),
      doc.font(FONT.bold).fontSize(9.5).heightOfString(value, { width: valueWidth }),
    ),
  );
  const total = heights.reduce((a, b) => a + b + 4, 0) + (section.title ? 18 : 0) + 10;
  ensureRoom(doc, letter, Math.min(total, 260));
  const top = doc.y;
  if (section.title) {
    doc
      .font(FONT.bold)
      .fontSize(9.5)
      .fillColor(COLOURS.text)
      .text(section.title.toLocaleUpperCase('fr-FR'), MARGIN.left + 8, top + 6, {
        width: CONTENT_WIDTH - 16,
        characterSpacing: 0.4,
      });
  }
  let y = top + (section.title ? 24 : 8);
  section.rows.forEach(([label, value], index) => {
    if (y + heights[index] > bottomLimit()) {
      newPage(doc, letter);
      y = MARGIN.top;
    }
    doc
      .font(FONT.regular)
      .fontSize(9.5)
      .fillColor(COLOURS.muted)
      .text(label, MARGIN.left + 8, y, { width: labelWidth - 8 });
    doc
      .font(FONT.bold)
      .fontSize(9.5)
      .fillColor(COLOURS.text)
      .text(value, valueX, y, { width: valueWidth - 8 });
    y += heights[index] + 4;
  });
  // A thin frame on the left: the figures read as one block.
  const pageTop = y < top ? MARGIN.top : top;
  doc
    .save()
    .moveTo(MARGIN.left, pageTop + 2)
    .lineTo(MARGIN.left, y)
    .lineWidth(2)
    .strokeColor(COLOURS.rule)
    .stroke()
    .restore();
  doc.x = MARGIN.left;
  doc.y = y + PARAGRAPH_GAP + 2;
}

function drawTable(
  doc: PDFKit.PDFDocument,
  letter: ComposedLetter,
  section: Extract<LetterSection, { kind: 'table' }>,
): void {
  const widths = [92, CONTENT_WIDTH - 92 - 64, 64];
  const xs = [MARGIN.left, MARGIN.left + widths[0], MARGIN.left + widths[0] + widths[1]];
  const pad = 5;
  const rowHeight = (cells: string[], font: string) =>
    Math.max(
      ...cells.map((cell, i) =>
        doc
          .font(font)
          .fontSize(9)
          .heightOfString(cell, { width: widths[i] - 2 * pad }),
      ),
    ) +
    2 * pad;
  const drawRow = (cells: string[], font: string, shaded: boolean, onNewPage?: () => void) => {
    const height = rowHeight(cells, font);
    if (doc.y + height > bottomLimit()) {
      newPage(doc, letter);
      onNewPage?.();
    }
    const y = doc.y;
    doc.save();
    doc.rect(MARGIN.left, y, CONTENT_WIDTH, height).lineWidth(0.5);
    if (shaded) doc.fillAndStroke(COLOURS.shade, COLOURS.rule);
    else doc.strokeColor(COLOURS.rule).stroke();
    doc.restore();
    cells.forEach((cell, i) => {
      doc
        .font(font)
        .fontSize(9)
        .fillColor(COLOURS.text)
        .text(cell, xs[i] + pad, y + pad, {
          width: widths[i] - 2 * pad,
          align: i === 2 ? 'right' : 'left',
        });
    });
    doc.x = MARGIN.left;
    doc.y = y + height;
  };
  // A table that goes on over a page repeats its header row there.
  const header = () => drawRow(section.columns, FONT.bold, true);
  ensureRoom(doc, letter, 90);
  doc
    .font(FONT.bold)
    .fontSize(10)
    .fillColor(COLOURS.text)
    .text(section.title, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  doc.y += 4;
  header();
  for (const row of section.rows) drawRow(row, FONT.regular, false, header);
  doc.y += 4;
  // The totals stay together.
  ensureRoom(doc, letter, section.totals.length * 13 + 4);
  for (const [label, value] of section.totals) {
    const y = doc.y;
    doc
      .font(FONT.bold)
      .fontSize(9)
      .text(label, MARGIN.left + pad, y, { width: CONTENT_WIDTH - widths[2] - pad });
    doc
      .font(FONT.bold)
      .fontSize(9)
      .text(value, xs[2] + pad, y, { width: widths[2] - 2 * pad, align: 'right' });
    doc.x = MARGIN.left;
    doc.y = Math.max(doc.y, y + 13);
  }
  doc.y += PARAGRAPH_GAP;
}

function drawEnd(doc: PDFKit.PDFDocument, letter: ComposedLetter): void {
  drawParagraph(doc, letter, letter.closing);
  ensureRoom(doc, letter, 40);
  doc.y += 4;
  doc.font(FONT.bold).fontSize(BODY_SIZE).fillColor(COLOURS.text);
  const y = doc.y;
  letter.signature.forEach((line, index) =>
    doc.text(line, WINDOW.x, y + index * 12.5, { width: WINDOW.width }),
  );
  doc.x = MARGIN.left;
  doc.y = y + letter.signature.length * 12.5 + 8;
  const notesHeight = letter.notes.reduce(
    (sum, note) =>
      sum + doc.font(FONT.regular).fontSize(7.5).heightOfString(note, { width: CONTENT_WIDTH }) + 3,
    10,
  );
  ensureRoom(doc, letter, notesHeight);
  doc
    .save()
    .moveTo(MARGIN.left, doc.y)
    .lineTo(MARGIN.left + 120, doc.y)
    .lineWidth(0.5)
    .strokeColor(COLOURS.rule)
    .stroke()
    .restore();
  doc.y += 5;
  for (const note of letter.notes) {
    doc
      .font(FONT.regular)
      .fontSize(7.5)
      .fillColor(COLOURS.muted)
      .text(note, MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: 0.5 });
    doc.y += 3;
  }
  doc.fillColor(COLOURS.text);
}

/**
 * Draws one letter from the current page on (the page must be fresh). Returns the pages it took,
 * so that the caller can put the header and footer on each (they need the page count).
 */
export function drawLetter(
  doc: PDFKit.PDFDocument,
  letter: ComposedLetter,
): { firstPage: number; pageCount: number } {
  const firstPage = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
  drawPageHead(doc, letter, false);
  drawFirstPageHead(doc, letter);
  for (const section of letter.sections) {
    switch (section.kind) {
      case 'paragraph':
        drawParagraph(doc, letter, section.text, section.emphasis);
        break;
      case 'facts':
        drawFacts(doc, letter, section);
        break;
      case 'table':
        drawTable(doc, letter, section);
        break;
      default: {
        const exhaustive: never = section;
        throw new Error(`Unknown section ${JSON.stringify(exhaustive)}`);
      }
    }
  }
  drawEnd(doc, letter);
  const range = doc.bufferedPageRange();
  return { firstPage, pageCount: range.start + range.count - firstPage };
}

/**
 * The foot of each page says which letter and which page (it needs the page count, hence drawn
 * last), so that a page that comes loose from a print run finds its letter again.
 */
export function decorateLetterPages(
  doc: PDFKit.PDFDocument,
  letter: ComposedLetter,
  pages: { firstPage: number; pageCount: number },
): void {
  for (let index = 0; index < pages.pageCount; index++) {
    doc.switchToPage(pages.firstPage + index);
    writeAt(
      doc,
      `${letter.title} du ${letter.placeAndDate.replace(/^Paris, le /, '')} — ${letter.letterId} — page ${index + 1} sur ${pages.pageCount}`,
      MARGIN.left,
      PAGE.height - 34,
      { size: 7.5, colour: COLOURS.muted, width: CONTENT_WIDTH, align: 'center' },
    );
  }
}
