import type { CalendarDate, LetterChannel } from '@ledger/domain';
import { frenchDate } from '../letter-format';
import { CHANNEL_LABELS } from '../letter-frame';
import type { ComposedLetter } from '../letter';
import { decorateLetterPages, drawLetter } from './draw-letter';
import { COLOURS, CONTENT_WIDTH, FONT, MARGIN, PAGE, newDocument, toBuffer, writeAt } from './pdf-document';

export interface PrintRun {
  issuedOn: CalendarDate;
  /** The channel the run is limited to; absent: every channel. */
  channel?: LetterChannel | null;
  /** In printing order. */
  letters: readonly ComposedLetter[];
}

const CHANNEL_ORDER: readonly LetterChannel[] = ['REGISTERED_WITH_RECEIPT', 'REGISTERED', 'ORDINARY_MAIL'];

/** The postal code and city: the last line of the address block, or a warning when there is none. */
const destination = (letter: ComposedLetter): string =>
  letter.recipient.length > 2 ? letter.recipient[letter.recipient.length - 1] : 'ADRESSE À COMPLÉTER';

/** The run's cover sheet: what the day's mail holds, by channel, with one line per letter. */
function drawCover(doc: PDFKit.PDFDocument, run: PrintRun): void {
  const title = `Tournée d’impression du ${frenchDate(run.issuedOn)}`;
  writeAt(doc, 'Registre national des points du permis de conduire', MARGIN.left, 26, {
    font: FONT.bold,
    size: 10,
  });
  doc
    .font(FONT.bold)
    .fontSize(16)
    .fillColor(COLOURS.text)
    .text(title, MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  doc
    .font(FONT.regular)
    .fontSize(10)
    .text(run.channel ? `Envoi : ${CHANNEL_LABELS[run.channel]}` : 'Tous les modes d’envoi', {
      width: CONTENT_WIDTH,
    });
  doc.moveDown(0.8);
  const counts = CHANNEL_ORDER.map(
    (channel) => [channel, run.letters.filter((l) => l.channel === channel).length] as const,
  ).filter(([channel, count]) => count > 0 || run.channel === channel);
  doc
    .font(FONT.bold)
    .fontSize(10)
    .text(`${run.letters.length} lettre${run.letters.length >= 2 ? 's' : ''} à imprimer et à poster`);
  doc.font(FONT.regular).fontSize(9.5);
  for (const [channel, count] of counts) doc.text(`${CHANNEL_LABELS[channel]} : ${count}`, { indent: 12 });
  doc.moveDown(1);

  const columns = [
    { title: 'N°', width: 26 },
    { title: 'Lettre', width: 62 },
    { title: 'Permis', width: 86 },
    { title: 'Destinataire', width: 128 },
    { title: 'Code postal et ville', width: CONTENT_WIDTH - 26 - 62 - 86 - 128 - 86 },
    { title: 'Envoi', width: 86 },
  ];
  const shortChannel: Record<LetterChannel, string> = {
    ORDINARY_MAIL: 'Simple',
    REGISTERED: 'Recommandé',
    REGISTERED_WITH_RECEIPT: 'Recommandé AR',
  };
  const row = (cells: string[], bold: boolean, shaded: boolean) => {
    const pad = 4;
    const height =
      Math.max(
        ...cells.map((cell, i) =>
          doc
            .font(bold ? FONT.bold : FONT.regular)
            .fontSize(8.5)
            .heightOfString(cell, { width: columns[i].width - 2 * pad }),
        ),
      ) +
      2 * pad;
    if (doc.y + height > PAGE.height - MARGIN.bottom) {
      doc.addPage();
      doc.y = MARGIN.top;
    }
    const y = doc.y;
    if (shaded) doc.save().rect(MARGIN.left, y, CONTENT_WIDTH, height).fill(COLOURS.shade).restore();
    doc
      .save()
      .moveTo(MARGIN.left, y + height)
      .lineTo(MARGIN.left + CONTENT_WIDTH, y + height)
      .lineWidth(0.4)
      .strokeColor(COLOURS.rule)
      .stroke()
      .restore();
    let x = MARGIN.left;
    cells.forEach((cell, i) => {
      doc
        .font(bold ? FONT.bold : FONT.regular)
        .fontSize(8.5)
        .fillColor(COLOURS.text)
        .text(cell, x + pad, y + pad, { width: columns[i].width - 2 * pad });
      x += columns[i].width;
    });
    doc.x = MARGIN.left;
    doc.y = y + height;
  };
  row(
    columns.map((c) => c.title),
    true,
    true,
  );
  run.letters.forEach((letter, index) =>
    row(
      [
        String(index + 1),
        letter.reference === 'CORRECTION' ? 'Correction' : letter.reference,
        letter.licenceNumber,
        letter.recipient[0],
        destination(letter),
        shortChannel[letter.channel],
      ],
      false,
      false,
    ),
  );
  if (run.letters.length === 0) {
    doc
      .moveDown(1)
      .font(FONT.regular)
      .fontSize(10)
      .text('Aucune lettre n’a été émise ce jour-là pour ce mode d’envoi.', MARGIN.left, doc.y, {
        width: CONTENT_WIDTH,
      });
  }
}

/**
 * The day's mail as one PDF for the printer: a cover sheet listing the letters, then each letter
 * from a fresh page, each page headed with its licence number and numbered within its letter.
 */
export async function renderPrintRunPdf(run: PrintRun): Promise<Buffer> {
  const channel = run.channel ? ` — ${CHANNEL_LABELS[run.channel]}` : '';
  const doc = newDocument(`Tournée d’impression du ${frenchDate(run.issuedOn)}${channel}`, run.issuedOn);
  drawCover(doc, run);
  const coverPages = doc.bufferedPageRange().count;
  for (let page = 0; page < coverPages; page++) {
    doc.switchToPage(page);
    writeAt(doc, `Bordereau — page ${page + 1} sur ${coverPages}`, MARGIN.left, PAGE.height - 34, {
      size: 7.5,
      colour: COLOURS.muted,
      width: CONTENT_WIDTH,
      align: 'center',
    });
  }
  doc.switchToPage(coverPages - 1);
  for (const letter of run.letters) {
    doc.addPage();
    const pages = drawLetter(doc, letter);
    decorateLetterPages(doc, letter, pages);
    doc.switchToPage(pages.firstPage + pages.pageCount - 1);
  }
  return toBuffer(doc);
}
