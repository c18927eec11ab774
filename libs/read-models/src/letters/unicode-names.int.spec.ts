import type { CivilStatus, PostalAddress } from '@ledger/domain';
import { renderLetterPdf } from '@ledger/letters';
import { dumpProjection, ReadModelDatabase } from '@ledger/read-models';
import { LettersProjection, SqliteLetterQueries } from '@ledger/read-models/letters';
import { A_HOLDER } from '@ledger/testing';
import { parsePdf } from '../../../letters/test/pdf-text';
import { DatedScenario } from '../../test/letters/dated-scenario';
import { logWithLetters } from '../../test/letters/issued-letters-log';

// Every name prints, through the whole pipeline: a licence issued with the name and address as on
// file → the decision → the LetterIssued the workflow records → the letters read model → the PDF a
// holder downloads, whose text, parsed back by an independent reader (pdf.js), holds them exactly.

const HOLDERS: Array<[string, Partial<CivilStatus>, PostalAddress]> = [
  [
    'Łucja Wiśniewska',
    { givenNames: 'Łucja', familyName: 'Wiśniewska' },
    { lines: ['12 rue Świętokrzyska'], postalCode: '59000', city: 'Łódź-sur-Deûle' },
  ],
  [
    'Nguyễn Thị Ánh',
    { givenNames: 'Thị Ánh', familyName: 'Nguyễn' },
    { lines: ['5 phố Hàng Bạc', 'Résidence Đông Á'], postalCode: '75013', city: 'Paris' },
  ],
  [
    'Øyvind Şahin',
    { givenNames: 'Øyvind', familyName: 'Şahin', gender: 'MALE' },
    { lines: ['3 allée Øvre Slottsgate'], postalCode: '67000', city: 'Strasbourg' },
  ],
  [
    'Zoë Ærøe',
    { givenNames: 'Zoë', familyName: 'Ærøe' },
    { lines: ['8 quai de l’Ærø'], postalCode: '33000', city: 'Bordeaux' },
  ],
];

describe('every name and address prints, from the licence to the PDF', () => {
  it.each(HOLDERS)('%s', async (_name, identity, address) => {
    const holder: CivilStatus = { ...A_HOLDER, ...identity };
    const scenario = DatedScenario.issued('150375100031', '2005-05-12', { holder, address }).paid(
      'red',
      'RED_LIGHT',
      '2024-01-10',
      '2024-01-20',
    );
    const store = await logWithLetters([scenario]);
    const projection = new LettersProjection();
    const database = ReadModelDatabase.open(':memory:', [projection]);
    try {
      const log = await store.readAll({ after: 0n });
      database.transaction(() => projection.apply(log, database.tx(projection)));
      const [stored] = await new SqliteLetterQueries(database).lettersOf(scenario.licenceNumber);
      // The letter names the holder by the first given name and the family name in capitals.
      const firstGiven = identity.givenNames!.split(' ')[0];
      expect(stored.letter.recipient[0]).toContain(firstGiven);
      expect(stored.letter.recipient[0]).toContain(identity.familyName!.toLocaleUpperCase('fr-FR'));
      expect(dumpProjection(database, projection).letters).toHaveLength(1);

      const text = (await parsePdf(await renderLetterPdf(stored.letter))).text.normalize('NFC');
      for (const line of stored.letter.recipient) expect(text).toContain(line.normalize('NFC'));
      expect(text).toContain(
        `${firstGiven} ${identity.familyName!.toLocaleUpperCase('fr-FR')}`.normalize('NFC'),
      );
      expect(text).toContain(address.lines[0].normalize('NFC'));
    } finally {
      database.close();
      await store.close();
    }
  });
});
