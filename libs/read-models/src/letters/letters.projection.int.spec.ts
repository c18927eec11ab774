import { addYears, type LetterReference } from '@ledger/domain';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { LETTER_CHANNELS } from '@ledger/domain';
import {
  CheckpointedProcessor,
  dumpProjection,
  LicenceProjection,
  ReadModelDatabase,
  ReadModelRebuilder,
  type Projection,
} from '@ledger/read-models';
import {
  LettersProjection,
  lettersOfStream,
  SqliteLetterQueries,
  type StoredLetter,
} from '@ledger/read-models/letters';
import { DatedScenario } from '../../test/letters/dated-scenario';
import { logWithLetters } from '../../test/letters/issued-letters-log';
import { LETTER_STORIES, PROBATION_END_STORY } from '../../test/letters/letter-stories';

// CONVENTIONS 7 and 8: given the events of a licence and the letters the workflow recorded for
// them, then the letters read model. One letter per decision the law says must be notified (RULES
// §6), dated by the day its event was recorded, keyed by the event that caused it; replays,
// redeliveries and crashes neither duplicate nor lose one, and the rows are what the log recorded.

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

function lettersReadModel() {
  const projection = new LettersProjection();
  const database = ReadModelDatabase.open(':memory:', [projection]);
  const queries = new SqliteLetterQueries(database);
  const given = (events: readonly RecordedEvent[], batchSize = events.length) => {
    for (let i = 0; i < events.length; i += Math.max(1, batchSize)) {
      const batch = events.slice(i, i + Math.max(1, batchSize));
      database.transaction(() => projection.apply(batch, database.tx(projection)));
    }
  };
  const dump = () => dumpProjection(database, projection);
  return { projection, database, queries, given, dump };
}

const lettersOf = async (scenario: DatedScenario): Promise<StoredLetter[]> => {
  const store = await logWithLetters([scenario]);
  const model = lettersReadModel();
  model.given(await store.readAll({ after: 0n }));
  const letters = await model.queries.lettersOf(scenario.licenceNumber);
  model.database.close();
  await store.close();
  return letters;
};

describe('the letter workflow issues the letter each decision calls for (RULES §6)', () => {
  it.each(LETTER_STORIES.map((story) => [story.reference, story.says, story] as const))(
    'a %s letter: %s',
    async (reference, _says, story) => {
      const scenario = story.scenario();
      const letters = await lettersOf(scenario);
      const letter = letters.find((l) => l.reference === reference);
      expect(letter).toBeDefined();
      const lines = letter!.text.split('\n');
      expect(lines[0]).toBe(`Permis de conduire n° ${scenario.licenceNumber}`);
      expect(letter!.channel).toBe(LETTER_CHANNELS[reference as LetterReference]);
      expect(letter!.letter.lines).toEqual(lines);
      expect(letter!.letterId).toBe(`L-${letter!.causedByEventId}`);
    },
  );

  it('48 (E1): the infraction, its date, the date of effect, 2 points withdrawn, 10 of 12, dated the day it was recorded', async () => {
    const [letter] = await lettersOf(LETTER_STORIES.find((s) => s.reference === '48')!.scenario());
    expect(letter).toMatchObject({ reference: '48', channel: 'ORDINARY_MAIL', issuedOn: '2024-04-03' });
    expect(letter.text).toContain(
      'Excès de vitesse (25 km/h au-delà de la vitesse maximale autorisée de 80 km/h)',
    );
    expect(letter.text).toContain('commise le 10 mars 2024');
    expect(letter.text).toContain('Date d’effet du retrait : 2 avril 2024');
    expect(letter.text).toContain('Points retirés : 2 points');
    expect(letter.text).toContain('Solde de points après ce retrait : 10 points');
    expect(letter.text).toContain('Plafond de votre permis : 12 points');
    expect(letter.text).toContain('le 2 avril 2027, soit trois ans après ce retrait');
    expect(letter.text).toContain('Paris, le 3 avril 2024');
  });

  it('48M (E3): registered, 5 points left, and the invitation to a voluntary course (R223-8)', async () => {
    const letters = await lettersOf(LETTER_STORIES.find((s) => s.reference === '48M')!.scenario());
    expect(letters.map((l) => [l.reference, l.issuedOn])).toEqual([
      ['48', '2024-01-21'],
      ['48M', '2024-03-16'],
    ]);
    const text = letters[1].text;
    expect(letters[1].channel).toBe('REGISTERED');
    expect(text).toContain('Solde de points après ce retrait : 5 points');
    expect(text).toContain('Points retirés : 3 points');
    expect(text).toContain('stage de sensibilisation à la sécurité routière (article R223-8');
  });

  it('48M (E4): one letter for the infractions of one check, capped at 8 points; a share cut to 1 point does not come back after six months', async () => {
    const scenario = DatedScenario.issued('880420A 31 04', '2008-09-15')
      .infraction('E4-speed', 'SPEEDING', '2024-06-20', {
        checkId: 'E4',
        retainedExcessKmh: 45,
        speedLimitKmh: 90,
      })
      .infraction('E4-phone', 'PHONE_HELD', '2024-06-20', { checkId: 'E4' })
      .infraction('E4-belt', 'SEATBELT_DRIVER', '2024-06-20', { checkId: 'E4' })
      .establish('E4-speed', '2024-07-01', 'FINE_PAID', '2024-07-01')
      .establish('E4-phone', '2024-07-01', 'FINE_PAID', '2024-07-01')
      .establish('E4-belt', '2024-07-01', 'FINE_PAID', '2024-07-01')
      .runUntil('2024-07-01');
    const letters = await lettersOf(scenario);
    expect(letters.map((l) => [l.reference, l.issuedOn])).toEqual([['48M', '2024-07-01']]);
    const text = letters[0].text;
    expect(text).toContain(
      'à la suite des infractions mentionnées ci-dessous, commises simultanément lors d’un même contrôle',
    );
    expect(text).toContain('Points retirés : 8 points');
    expect(text).toContain('Solde de points après ce retrait : 4 points');
    expect(text).toContain('ne peut dépasser 8 (article L223-2 III');
    expect(text).not.toContain('vous sera rendu');
  });

  it('48N (E6): registered with receipt, 3 of 6, the compulsory course within four months of receipt (R223-4)', async () => {
    const [letter] = await lettersOf(LETTER_STORIES.find((s) => s.reference === '48N')!.scenario());
    expect(letter).toMatchObject({ reference: '48N', channel: 'REGISTERED_WITH_RECEIPT' });
    expect(letter.text).toContain('Solde de points après ce retrait : 3 points');
    expect(letter.text).toContain('Plafond de votre permis : 6 points');
    expect(letter.text).toContain(
      'dans un délai de quatre mois à compter de la réception de la présente lettre',
    );
    expect(letter.text).toContain('R223-4');
  });

  it('48SI: the recap of every withdrawal that led to zero, the invalidation on delivery, the licence returned within 10 days', async () => {
    const letters = await lettersOf(LETTER_STORIES.find((s) => s.reference === '48SI')!.scenario());
    expect(letters.map((l) => l.reference)).toEqual(['48M', '48M', '48SI']);
    const text = letters[2].text;
    expect(letters[2].channel).toBe('REGISTERED_WITH_RECEIPT');
    expect(text).toContain('Solde de points après ce retrait : 0 point');
    expect(text).toContain('Récapitulatif des retraits ayant conduit à un solde nul');
    expect(text).toContain(
      '1er mars 2024 | Conduite sous l’empire d’un état alcoolique (0,9 g d’alcool par litre de sang) (infraction du 10 février 2024) | –6 points',
    );
    expect(text).toContain(
      '20 mai 2024 | Usage d’un téléphone tenu en main ou d’une oreillette en conduisant (infraction du 5 mai 2024) | –3 points',
    );
    expect(text).toContain(
      '20 septembre 2024 | Feu rouge non respecté (infraction du 1er septembre 2024) | –4 points',
    );
    expect(text).toContain('Solde au départ (délivrance du permis, le 12 mai 2005) : 12 points');
    expect(text).toContain('prend effet le jour où la présente lettre vous est remise');
    expect(text).toContain('dans un délai de dix jours à compter de la réception de la présente lettre');
  });

  it('46 (E1): the full restoration, +2 to 12, three years after the establishment', async () => {
    const letters = await lettersOf(LETTER_STORIES.find((s) => s.reference === '46')!.scenario());
    expect(letters.map((l) => [l.reference, l.issuedOn])).toEqual([
      ['48', '2024-04-03'],
      ['46', '2027-04-02'],
    ]);
    expect(letters[1].text).toContain('pendant trois ans à compter du 2 avril 2024');
    expect(letters[1].text).toContain('Points restitués : 2 points');
    expect(letters[1].text).toContain('Solde de points après cette décision : 12 points');
  });

  it('46 (E5): the end of probation brings 12 of 12; the yearly increments call for no letter', async () => {
    const letters = await lettersOf(PROBATION_END_STORY());
    expect(letters.map((l) => [l.reference, l.issuedOn])).toEqual([['46', '2025-06-15']]);
    expect(letters[0].text).toContain('a pris fin le 15 juin 2025');
    expect(letters[0].text).toContain('Points ajoutés : 2 points');
    expect(letters[0].text).toContain('Solde de points après cette décision : 12 points');
  });

  it('46D (E2): one point back six months after, 12 of 12', async () => {
    const letters = await lettersOf(LETTER_STORIES.find((s) => s.reference === '46D')!.scenario());
    expect(letters.map((l) => l.reference)).toEqual(['48', '46D']);
    expect(letters[0].text).toContain('vous sera rendu le 1er décembre 2024');
    expect(letters[1].text).toContain('ce point vous est rendu le 1er décembre 2024');
    expect(letters[1].text).toContain('Solde de points après cette décision : 12 points');
  });

  it('46B: the points of a contravention come back ten years after its establishment', async () => {
    const letters = await lettersOf(LETTER_STORIES.find((s) => s.reference === '46B')!.scenario());
    expect(letters.map((l) => l.reference)).toEqual(['48', '48', '48M', '48M', '46B']);
    const text = letters[4].text;
    expect(letters[4].issuedOn).toBe(addYears('2010-01-15', 10));
    expect(text).toContain('à compter du 15 janvier 2010');
    expect(text).toContain('Points restitués : 2 points');
    expect(text).toContain('Solde de points après cette décision : 6 points');
  });

  it('47 (E3): +4 after the course of 8 and 9 April 2024, 9 of 12', async () => {
    const letters = await lettersOf(LETTER_STORIES.find((s) => s.reference === '47')!.scenario());
    expect(letters.map((l) => l.reference)).toEqual(['48', '48M', '47']);
    expect(letters[2].text).toContain('les 8 avril 2024 et 9 avril 2024');
    expect(letters[2].text).toContain('Points ajoutés : 4 points');
    expect(letters[2].text).toContain('Solde de points après cette décision : 9 points');
  });

  it('a correction explains which decision it reverses and gives the new balance', async () => {
    const letters = await lettersOf(LETTER_STORIES.find((s) => s.reference === 'CORRECTION')!.scenario());
    expect(letters.map((l) => [l.reference, l.issuedOn])).toEqual([
      ['48', '2024-01-21'],
      ['CORRECTION', '2024-05-03'],
    ]);
    const text = letters[1].text;
    expect(text).toContain('le retrait de 4 points enregistré avec effet au 20 janvier 2024 est annulé');
    expect(text).toContain('a été annulée le 2 mai 2024');
    expect(text).toContain('L223-1');
    expect(text).toContain('Correction du solde : +4 points');
    expect(text).toContain('Solde de points à cette date : 12 points');
  });

  it('letters go to the address on file when they are issued; a change of address applies to the next ones', async () => {
    const home = { lines: ['3 place du Marché'], postalCode: '35000', city: 'Rennes' };
    const moved = { lines: ['8 quai des Chartrons'], postalCode: '33000', city: 'Bordeaux' };
    const scenario = DatedScenario.issued('150375100001', '2005-05-12', { address: home })
      .paid('a', 'RED_LIGHT', '2024-01-10', '2024-01-20')
      .changeAddress(moved, '2024-02-01')
      .paid('b', 'SEATBELT_DRIVER', '2024-03-10', '2024-03-20');
    const letters = await lettersOf(scenario);
    expect(letters.map((l) => l.letter.recipient)).toEqual([
      ['Madame Camille MARTIN', '3 place du Marché', '35000 RENNES'],
      ['Madame Camille MARTIN', '8 quai des Chartrons', '33000 BORDEAUX'],
    ]);
  });

  it('a letter is dated by the business day its event was recorded on (or, before that metadata existed, the Paris day of recordedAt)', () => {
    const events = LETTER_STORIES[0].scenario().recorded();
    for (const event of events) {
      delete event.metadata.recordedOn;
      event.metadata.recordedAt = '2024-04-02T22:30:00.000Z'; // already the 3rd in Paris
    }
    const issued = lettersOfStream(events, () => true).flatMap(({ verdict }) =>
      verdict.kind === 'ISSUE' ? [verdict.data.issuedOn] : [],
    );
    expect(issued).toEqual(['2024-04-03']);
  });

  it('a posting is recorded once, against its letter', async () => {
    const scenario = LETTER_STORIES[0].scenario();
    const store = await logWithLetters([scenario]);
    const model = lettersReadModel();
    model.given(await store.readAll({ after: 0n }));
    const [letter] = await model.queries.lettersOf(scenario.licenceNumber);
    const commandsBefore = scenario.commands.length;
    const head = await store.headPosition();
    scenario.posted(letter.letterId, '2024-04-05').posted(letter.letterId, '2024-04-06');
    expect(scenario.commands.length).toBe(commandsBefore + 1); // the decider records the first only
    await scenario.appendTo(store, commandsBefore);
    model.given(await store.readAll({ after: head }));
    expect((await model.queries.findLetter(letter.letterId))?.postedOn).toBe('2024-04-05');
    model.database.close();
    await store.close();
  });
});

describe('once and only once', () => {
  /** All the stories on one log, as the store holds them, with the letters the workflow recorded. */
  const storeWithAllStories = (): Promise<SqliteEventStore> =>
    logWithLetters(LETTER_STORIES.map((story) => story.scenario()));

  it('a batch applied again, through the runner or around it, issues no second letter', async () => {
    const model = lettersReadModel();
    const log = await logWithLetters([LETTER_STORIES[3].scenario()]);
    const events = await log.readAll({ after: 0n });
    await log.close();
    const unused = new SqliteEventStore(':memory:');
    const processor = new CheckpointedProcessor(unused, model.database, model.projection, { logger: quiet });
    processor.applyBatch(events);
    const once = model.dump();
    expect(processor.applyBatch(events)).toBe(events[events.length - 1].globalPosition);
    model.given(events); // around the runner: each licence skips what it already holds
    model.given(events.slice(3, 9));
    expect(model.dump()).toEqual(once);
    expect((once.letters as unknown[]).length).toBe(3);
    model.database.close();
    await unused.close();
  });

  it('the same letters whatever the batches: replaying the log from zero issues no new letter and the same rows', async () => {
    const store = await storeWithAllStories();
    const head = await store.headPosition();
    const live = lettersReadModel();
    const processor = new CheckpointedProcessor(store, live.database, live.projection, {
      batchSize: 3,
      logger: quiet,
    });
    await processor.start();
    await processor.waitForPosition(head);
    await processor.stop();
    const before = live.dump();

    // From zero into a fresh read model, with other batch boundaries…
    const fresh = lettersReadModel();
    await new ReadModelRebuilder(store, fresh.database, [fresh.projection]).rebuild('letters', {
      batchSize: 7,
    });
    expect(fresh.dump()).toEqual(before);
    // …and in place, over the live one.
    await new ReadModelRebuilder(store, live.database, [live.projection]).rebuild('letters', {
      batchSize: 1,
    });
    expect(live.dump()).toEqual(before);
    expect(live.database.checkpoint('letters')).toBe(head);
    expect((before.letters as Array<{ letter_id: string }>).length).toBeGreaterThan(10);

    live.database.close();
    fresh.database.close();
    await store.close();
  });

  it('rebuilt together in one pass over the log, the licences and the letters hold the rows each rebuilt alone holds', async () => {
    const store = await storeWithAllStories();
    const head = await store.headPosition();
    const readModel = () => {
      const projections = [new LicenceProjection({ bulkEvents: 10 }), new LettersProjection()];
      const database = ReadModelDatabase.open(':memory:', projections);
      const dump = () => projections.map((projection) => dumpProjection(database, projection));
      return { projections, database, dump, rebuilder: new ReadModelRebuilder(store, database, projections) };
    };
    const alone = readModel();
    await alone.rebuilder.rebuild('licences', { batchSize: 5 });
    await alone.rebuilder.rebuild('letters', { batchSize: 5 });

    const together = readModel();
    const progress: number[] = [];
    const reports = await together.rebuilder.rebuildTogether(['letters', 'licences'], {
      batchSize: 3,
      onProgress: (p) => progress.push(p.done),
    });
    expect(reports.map((report) => [report.projection, report.events])).toEqual([
      ['letters', Number(head)],
      ['licences', Number(head)],
    ]);
    // Each batch read once: the progress goes once through the log, not once per read model.
    expect(progress).toHaveLength(Math.ceil(Number(head) / 3));
    expect(together.dump()).toEqual(alone.dump());
    expect((together.dump()[1].letters as unknown[]).length).toBeGreaterThan(10);
    expect([together.database.checkpoint('licences'), together.database.checkpoint('letters')]).toEqual([
      head,
      head,
    ]);
    await expect(together.rebuilder.rebuildTogether(['letters', 'letters'])).rejects.toThrow(
      'Read model "letters" is already being rebuilt.',
    );

    alone.database.close();
    together.database.close();
    await store.close();
  });

  it('a failure between a letter’s insert and the checkpoint’s commit rolls both back; the resubscribed processor writes each letter once', async () => {
    const store = await storeWithAllStories();
    const head = await store.headPosition();
    const model = lettersReadModel();
    // The batch fails right after its letters were written, before the checkpoint: twice.
    let failures = 2;
    const seenAtFailure: bigint[] = [];
    const failing: Projection = {
      name: model.projection.name,
      tables: model.projection.tables,
      apply: (batch, tx) => {
        model.projection.apply(batch, tx);
        const written = tx.db.prepare('SELECT count(*) FROM letters').pluck().get() as number;
        if (written > 0 && failures > 0) {
          failures--;
          seenAtFailure.push(model.database.checkpoint('letters'));
          throw new Error('worker died before the checkpoint');
        }
      },
    };
    const processor = new CheckpointedProcessor(store, model.database, failing, {
      batchSize: 4,
      logger: quiet,
      backoff: { initialMs: 1, maxMs: 5 },
    });
    await processor.start();
    await processor.waitForPosition(head);
    await processor.stop();
    expect(seenAtFailure).toHaveLength(2);

    const reference = lettersReadModel();
    reference.given(await store.readAll({ after: 0n }));
    expect(model.dump()).toEqual(reference.dump());
    const ids = (model.dump().letters as Array<{ caused_by_event_id: string }>).map(
      (l) => l.caused_by_event_id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    model.database.close();
    reference.database.close();
    await store.close();
  });
});
