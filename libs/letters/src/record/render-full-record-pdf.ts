import { frenchDate } from '../letter-format';
import { COLOURS, CONTENT_WIDTH, FONT, MARGIN, PAGE, newDocument, toBuffer, writeAt } from '../pdf/pdf-document';
import { composeFullRecord, type ComposedFullRecord, type FullRecordInput, type RecordTable } from './full-record';

const BODY_SIZE = 8.8;
const CELL_PADDING = 3;
const bottomLimit = () => PAGE.height - MARGIN.bottom;

/** The head of every page: the licence number first (as on the letters), the title on the right. */
function drawPageHead(doc: PDFKit.PDFDocument, record: ComposedFullRecord): void {
  writeAt(doc, record.licenceLine, MARGIN.left, 26, { font: FONT.bold, size: 11 });
  writeAt(doc, record.title, MARGIN.left, 26, { font: FONT.bold, size: 11, width: CONTENT_WIDTH, align: 'right' });
  writeAt(doc, `Situation au ${frenchDate(record.asOf)}`, MARGIN.left, 42, { size: 8.5, colour: COLOURS.muted });
}

function newPage(doc: PDFKit.PDFDocument, record: ComposedFullRecord): void {
  doc.addPage();
  drawPageHead(doc, record);
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
}

function ensureRoom(doc: PDFKit.PDFDocument, record: ComposedFullRecord, height: number): void {
  if (doc.y + height > bottomLimit()) newPage(doc, record);
}

function heading(doc: PDFKit.PDFDocument, record: ComposedFullRecord, text: string): void {
  ensureRoom(doc, record, 48);
  doc.moveDown(0.6);
  doc.font(FONT.bold).fontSize(11.5).fillColor(COLOURS.text).text(text, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
}

/** Label and value pairs, two columns. */
function drawPairs(doc: PDFKit.PDFDocument, record: ComposedFullRecord, pairs: Array<[string, string]>): void {
  const labelWidth = 130;
  for (const [label, value] of pairs) {
    doc.font(FONT.regular).fontSize(BODY_SIZE);
    const height = doc.heightOfString(value, { width: CONTENT_WIDTH - labelWidth }) + 3;
    ensureRoom(doc, record, height);
    const y = doc.y;
    doc.font(FONT.bold).fillColor(COLOURS.muted).text(label, MARGIN.left, y, { width: labelWidth - 8 });
    doc.font(FONT.regular).fillColor(COLOURS.text).text(value, MARGIN.left + labelWidth, y, { width: CONTENT_WIDTH - labelWidth });
    doc.y = y + height;
  }
}

function columnWidths(table: RecordTable): number[] {
  const total = table.columns.reduce((sum, c) => sum + c.weight, 0);
  return table.columns.map((c) => (CONTENT_WIDTH * c.weight) / total);
}

function drawRow(doc: PDFKit.PDFDocument, cells: string[], widths: number[], options: { bold: boolean; shade: boolean }): void {
  doc.font(options.bold ? FONT.bold : FONT.regular).fontSize(BODY_SIZE);
  const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
  const y = doc.y;
  if (options.shade) {
    doc.save().rect(MARGIN.left, y, CONTENT_WIDTH, height).fill(COLOURS.band).restore();
  }
  let x = MARGIN.left;
  cells.forEach((cell, i) => {
    doc.fillColor(COLOURS.text).text(cell, x + CELL_PADDING, y + CELL_PADDING, { width: widths[i] - 2 * CELL_PADDING });
    x += widths[i];
  });
  doc.save().moveTo(MARGIN.left, y + height).lineTo(MARGIN.left + CONTENT_WIDTH, y + height).lineWidth(0.4).stroke(COLOURS.rule).restore();
  doc.y = y + height;
}

/** A table whose rows are never split; its header repeats on each new page. */
function drawTable(doc: PDFKit.PDFDocument, record: ComposedFullRecord, table: RecordTable): void {
  heading(doc, record, table.title);
  if (table.rows.length === 0) {
    doc.font(FONT.italic).fontSize(BODY_SIZE).fillColor(COLOURS.muted).text(table.empty, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    return;
  }
  const widths = columnWidths(table);
  const headings = table.columns.map((c) => c.heading);
  drawRow(doc, headings, widths, { bold: true, shade: true });
  for (const row of table.rows) {
    doc.font(FONT.regular).fontSize(BODY_SIZE);
    const height = Math.max(...row.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
    if (doc.y + height > bottomLimit()) {
      newPage(doc, record);
      drawRow(doc, headings, widths, { bold: true, shade: true });
    }
    drawRow(doc, row, widths, { bold: false, shade: false });
  }
}

function drawBalance(doc: PDFKit.PDFDocument, record: ComposedFullRecord): void {
  doc.font(FONT.bold).fontSize(16).fillColor(COLOURS.text).text(record.headline, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.2);
  doc.font(FONT.regular).fontSize(BODY_SIZE + 0.6).text(record.status, { width: CONTENT_WIDTH });
}

/** "page 2 / 3" at the foot of each page, once all are drawn. */
function numberPages(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    writeAt(doc, `page ${i + 1} / ${range.count}`, MARGIN.left, PAGE.height - 32, { size: 8, colour: COLOURS.muted, width: CONTENT_WIDTH, align: 'right' });
  }
}

const NOTICE =
  'Ce relevé est personnel : seul le titulaire du permis peut en prendre connaissance ; le communiquer à un employeur ou à un assureur qui le demanderait est interdit (articles L225-4 à L225-8 du code de la route). Il reflète le registre à la date indiquée, sans les infractions non encore enregistrées, et ne dit rien d’une suspension ou d’une annulation judiciaire du droit de conduire.';

/**
 * The full record as a printable A4 PDF, in DejaVu Sans as the letters are; its bytes depend only on
 * the record (the document is dated by asOf, never by the clock).
 */
export async function renderFullRecordPdf(input: FullRecordInput): Promise<Buffer> {
  const record = composeFullRecord(input);
  const doc = newDocument(`${record.title} — ${record.licenceLine}`, record.asOf);
  drawPageHead(doc, record);
  doc.y = MARGIN.top;
  drawBalance(doc, record);
  heading(doc, record, 'État civil');
  drawPairs(doc, record, record.identity);
  heading(doc, record, 'Permis de conduire');
  drawPairs(doc, record, record.licence);
  for (const table of record.tables) drawTable(doc, record, table);
  heading(doc, record, 'À savoir');
  doc.font(FONT.regular).fontSize(BODY_SIZE).fillColor(COLOURS.muted).text(NOTICE, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  numberPages(doc);
  return toBuffer(doc);
}
