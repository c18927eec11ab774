import { displayedBalance, type LetterReference } from '@ledger/domain';
import { LETTER_INPUTS } from '../../test/letter-fixtures';
import { parsePdf, squeeze } from '../../test/pdf-text';
import { composeLetter } from '../compose-letter';
import { renderLetterPdf } from './render-letter-pdf';
import { renderPrintRunPdf } from './render-print-run-pdf';

// The PDF opens: parsed back by an independent reader (pdf.js), it holds the licence number, the
// balance and the channel; and the same letter renders to the same bytes.

const balanceOf = (reference: LetterReference): number => {
  const cause = LETTER_INPUTS[reference].cause;
  return cause.kind === 'CORRECTION'
    ? displayedBalance(cause.balanceAfter.rawPoints)
    : displayedBalance(cause.rawBalanceAfter);
};

describe('the letter as a PDF', () => {
  it.each(Object.keys(LETTER_INPUTS) as LetterReference[])(
    '%s: opens, and holds the licence number, the balance and the channel',
    async (reference) => {
      const letter = composeLetter(LETTER_INPUTS[reference]);
      const pdf = await renderLetterPdf(letter);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const parsed = await parsePdf(pdf);
      const text = squeeze(parsed.text);
      expect(text).toContain(`Permis de conduire n° ${letter.licenceNumber}`);
      expect(text).toMatch(
        new RegExp(
          `(Solde de points [^:]*|Solde après le dernier retrait)\\s*${balanceOf(reference)} points?`,
        ),
      );
      expect(text).toContain(letter.channelLabel.toLocaleUpperCase('fr-FR'));
      expect(text).toContain(letter.recipient[0]);
      expect(parsed.title).toBe(`${letter.title} — ${letter.licenceLine}`);
    },
  );

  it('every page of a long letter starts with the licence number', async () => {
    const letter = composeLetter(LETTER_INPUTS['48SI']);
    const parsed = await parsePdf(await renderLetterPdf(letter));
    expect(parsed.pages).toBeGreaterThanOrEqual(1);
    const pages = parsed.text.split(/-- \d+ of \d+ --/).filter((page) => page.trim().length > 0);
    expect(pages).toHaveLength(parsed.pages);
    for (const page of pages)
      expect(page.trim().split('\n')[0]).toContain(`Permis de conduire n° ${letter.licenceNumber}`);
  });

  it('the same letter gives the same bytes (the creation date is the letter’s, never the clock’s)', async () => {
    const letter = composeLetter(LETTER_INPUTS['48']);
    const first = await renderLetterPdf(letter);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await renderLetterPdf(structuredClone(letter))).equals(first)).toBe(true);
  });

  it('a print run is one PDF: a cover sheet listing the letters, then each letter', async () => {
    const letters = (['48SI', '48N', '48', '47'] as const).map((r) => composeLetter(LETTER_INPUTS[r]));
    const parsed = await parsePdf(await renderPrintRunPdf({ issuedOn: '2024-05-01', letters }));
    const text = squeeze(parsed.text);
    expect(text).toContain('Tournée d’impression du 1er mai 2024');
    expect(text).toContain('4 lettres à imprimer et à poster');
    for (const letter of letters) expect(text).toContain(`Permis de conduire n° ${letter.licenceNumber}`);
    expect(parsed.pages).toBeGreaterThanOrEqual(5);
  });
});

describe('every name prints (an embedded Unicode font, not WinAnsi)', () => {
  it.each(['Łucja Wiśniewska', 'Nguyễn Thị Ánh', 'Øyvind Şahin', 'Zoë Ærøe'])(
    '%s reads back from the PDF exactly as on file',
    async (name) => {
      const letter = composeLetter(LETTER_INPUTS['48']);
      const named = { ...letter, recipient: [name, ...letter.recipient.slice(1)] };
      const text = (await parsePdf(await renderLetterPdf(named))).text;
      expect(text.normalize('NFC')).toContain(name.normalize('NFC'));
    },
  );
});
