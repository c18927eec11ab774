import { SqliteEventStore } from '@ledger/event-store';
import { composeLetter, renderLetterPdf, type LetterInput } from '@ledger/letters';
import { dumpProjection, ReadModelDatabase, ReadModelRebuilder } from '@ledger/read-models';
import { LettersProjection, LettersWorkflow, SqliteLetterQueries } from '@ledger/read-models/letters';
import { DatedScenario } from '../../test/letters/dated-scenario';
import { memoryCheckpoints } from '../../test/letters/issued-letters-log';

// A letter is a record (RULES §6): once issued, a change of templates does not rewrite it, and a
// rebuild of the letters read model gives the same rows and the same PDF bytes.

const NEW_CLOSING = 'Nous vous prions de croire à l’assurance de notre considération distinguée.';
/** The templates after a change of wording: the closing formula. */
const newTemplates = (input: LetterInput) => {
  const letter = composeLetter(input);
  return {
    ...letter,
    closing: NEW_CLOSING,
    lines: letter.lines.map((line) => (line === letter.closing ? NEW_CLOSING : line)),
  };
};

describe('letters of record', () => {
  it('a template change leaves the letters already issued as they were; the new ones use the new wording; a rebuild gives the same rows and PDFs', async () => {
    const scenario = DatedScenario.issued('150375100041', '2005-05-12')
      .paid('red', 'RED_LIGHT', '2024-01-10', '2024-01-20')
      .paid('belt', 'SEATBELT_DRIVER', '2024-03-10', '2024-03-20');
    const store = new SqliteEventStore(':memory:');
    const projection = new LettersProjection();
    const database = ReadModelDatabase.open(':memory:', [projection]);
    const checkpoints = memoryCheckpoints();
    const project = async () => {
      const log = await store.readAll({ after: database.checkpoint('letters') });
      if (log.length > 0)
        database.transaction(() => {
          projection.apply(log, database.tx(projection));
          database.writeCheckpoint('letters', log[log.length - 1].globalPosition);
        });
    };
    try {
      await scenario.appendTo(store);
      // The morning after the red light: the current templates.
      await new LettersWorkflow(store, checkpoints, { today: () => '2024-02-01' }).runOnce();
      await project();
      const queries = new SqliteLetterQueries(database);
      const [first] = await queries.lettersOf(scenario.licenceNumber);
      const firstPdf = await renderLetterPdf(first.letter);
      expect(first.text).not.toContain(NEW_CLOSING);

      // The templates change; the seatbelt's letter goes out after that.
      await new LettersWorkflow(store, checkpoints, {
        today: () => '2024-04-01',
        compose: newTemplates,
      }).runOnce();
      await project();
      const [kept, next] = await queries.lettersOf(scenario.licenceNumber);
      expect(kept).toEqual(first);
      expect(next.text).toContain(NEW_CLOSING);
      expect(next.letter.closing).toBe(NEW_CLOSING);

      // Rebuilt from zero with today's code: the same rows, the same bytes.
      const live = dumpProjection(database, projection);
      await new ReadModelRebuilder(store, database, [projection]).rebuild('letters', { batchSize: 2 });
      expect(dumpProjection(database, projection)).toEqual(live);
      const [rebuilt, rebuiltNext] = await queries.lettersOf(scenario.licenceNumber);
      expect((await renderLetterPdf(rebuilt.letter)).equals(firstPdf)).toBe(true);
      expect(rebuiltNext.text).toContain(NEW_CLOSING);
    } finally {
      database.close();
      await store.close();
    }
  });
});
