import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, letterFor, type CalendarDate } from '@ledger/domain';
import { EsdbEventStore, SqliteEventStore, type EventStore } from '@ledger/event-store';
import { issuedLetterOf, lettersStreamId, type LetterIssuedData } from '@ledger/letters';
import { EsdbDouble } from '@ledger/testing/esdb-double';
import { DatedScenario } from '../../../test/letters/dated-scenario';
import { LETTER_STORIES } from '../../../test/letters/letter-stories';
import { LETTERS_WORKFLOW, LettersWorkflow, letterIssuedEventId } from './letters-workflow';
import type { WorkflowCheckpoints } from './workflow-checkpoints';

// RULES §6 and CONVENTIONS 7: the letters workflow appends one LetterIssued per letter, exactly once
// (redelivery, a crash between the append and the checkpoint, two workers at once), and only for the
// decisions that still stand at the end of their business day. On both event stores.

/** A checkpoint store in memory that can be told to fail, as a crash after the append would. */
class MemoryCheckpoints implements WorkflowCheckpoints {
  position = 0n;
  failSaves = false;
  async load(): Promise<bigint> {
    return this.position;
  }
  async save(_workflow: string, position: bigint): Promise<void> {
    if (this.failSaves) throw new Error('the worker died before its checkpoint');
    if (position > this.position) this.position = position;
  }
}

interface Stores {
  open(): Promise<EventStore>;
  close(): Promise<void>;
}

const sqlite = (): Stores => {
  const dir = mkdtempSync(join(tmpdir(), 'letters-workflow-'));
  const opened: EventStore[] = [];
  return {
    open: async () => {
      const store = new SqliteEventStore(join(dir, 'events.sqlite'));
      opened.push(store);
      return store;
    },
    close: async () => {
      await Promise.all(opened.map((store) => store.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const esdbDouble = (): Stores => {
  let double: EsdbDouble | undefined;
  const opened: EventStore[] = [];
  return {
    open: async () => {
      double ??= await EsdbDouble.start();
      const store = EsdbEventStore.fromConnectionString(double.connectionString);
      opened.push(store);
      return store;
    },
    close: async () => {
      await Promise.all(opened.map((store) => store.close()));
      await double?.stop();
    },
  };
};

async function lettersOf(store: EventStore, licenceNumber: string): Promise<LetterIssuedData[]> {
  const { events } = await store.readStream(lettersStreamId(licenceNumber));
  return events.map((event) => issuedLetterOf(event.data));
}

const lastDayOf = (scenario: DatedScenario): CalendarDate =>
  scenario.commands.reduce((last, command) => (command.today > last ? command.today : last), '0000-01-01');

const workflow = (store: EventStore, checkpoints: WorkflowCheckpoints, today: CalendarDate, batchSize = 3) =>
  new LettersWorkflow(store, checkpoints, { today: () => today, batchSize });

describe.each([
  ['the SQLite event store', sqlite],
  ['the EventStoreDB adapter on the gRPC double', esdbDouble],
])('the letters workflow on %s', (_name, makeStores) => {
  let stores: Stores;
  let store: EventStore;
  beforeEach(async () => {
    stores = makeStores();
    store = await stores.open();
  });
  afterEach(() => stores.close());

  test.each(LETTER_STORIES.map((story) => [story.reference, story.says, story] as const))(
    'a %s letter (%s) is issued once its day is over, as one LetterIssued whose id derives from its decision',
    async (reference, _says, story) => {
      const scenario = story.scenario();
      await scenario.appendTo(store);
      const dayAfter = addDays(lastDayOf(scenario), 1);
      await workflow(store, new MemoryCheckpoints(), dayAfter).runOnce();

      const letters = await lettersOf(store, scenario.licenceNumber);
      expect(letters.map((letter) => letter.letter.reference)).toContain(reference);
      const { events } = await store.readStream(lettersStreamId(scenario.licenceNumber));
      for (const event of events) {
        const data = issuedLetterOf(event.data);
        expect(event.eventId).toBe(letterIssuedEventId(data.causedBy.eventId));
        expect(data.letterId).toBe(`L-${data.causedBy.eventId}`);
        expect(data.letter.lines[0]).toContain(scenario.licenceNumber);
        expect(event.metadata.causationId).toBe(data.causedBy.eventId);
      }
    },
  );

  test('nothing is issued while the business day of the decisions is not over', async () => {
    const scenario = LETTER_STORIES[0].scenario();
    await scenario.appendTo(store);
    const checkpoints = new MemoryCheckpoints();
    const pass = await workflow(store, checkpoints, lastDayOf(scenario)).runOnce();

    expect(pass.issued).toBe(0);
    expect(await lettersOf(store, scenario.licenceNumber)).toEqual([]);
    // The next day, the letter goes out, dated by the day its decision was recorded.
    const next = await workflow(store, checkpoints, addDays(lastDayOf(scenario), 1)).runOnce();
    expect(next.issued).toBe(1);
    expect((await lettersOf(store, scenario.licenceNumber))[0].issuedOn).toBe(lastDayOf(scenario));
  });

  test('a redelivery from zero, and a crash between the appends and the checkpoint, append nothing twice', async () => {
    const scenarios = LETTER_STORIES.map((story) => story.scenario()).filter(
      (scenario, index, all) => all.findIndex((s) => s.licenceNumber === scenario.licenceNumber) === index,
    );
    for (const scenario of scenarios) await scenario.appendTo(store);
    const today = addDays(scenarios.map(lastDayOf).sort().at(-1)!, 1);

    const crashed = new MemoryCheckpoints();
    crashed.failSaves = true;
    // One batch holds the whole log: every letter is appended, then the checkpoint fails.
    await expect(workflow(store, crashed, today, 1000).runOnce()).rejects.toThrow('before its checkpoint');
    const afterCrash = await store.headPosition();

    crashed.failSaves = false;
    const restarted = await workflow(store, crashed, today).runOnce();
    const redelivered = await workflow(store, new MemoryCheckpoints(), today).runOnce();

    expect(restarted.issued).toBe(0); // the crashed pass had appended every letter
    expect(restarted.alreadyIssued).toBeGreaterThan(0);
    expect(redelivered.issued).toBe(0);
    expect(redelivered.alreadyIssued).toBe(restarted.issued + restarted.alreadyIssued);
    expect(await store.headPosition()).toBe(afterCrash);
    const all = (await Promise.all(scenarios.map((s) => lettersOf(store, s.licenceNumber)))).flat();
    expect(new Set(all.map((letter) => letter.letterId)).size).toBe(all.length);
    expect(all.length).toBe(restarted.issued + restarted.alreadyIssued);
  });

  test('two workers at once append each letter once', async () => {
    const scenarios = LETTER_STORIES.map((story) => story.scenario()).filter(
      (scenario, index, all) => all.findIndex((s) => s.licenceNumber === scenario.licenceNumber) === index,
    );
    for (const scenario of scenarios) await scenario.appendTo(store);
    const today = addDays(scenarios.map(lastDayOf).sort().at(-1)!, 1);
    const other = await stores.open();

    const [first, second] = await Promise.all([
      workflow(store, new MemoryCheckpoints(), today).runOnce(),
      workflow(other, new MemoryCheckpoints(), today).runOnce(),
    ]);

    const all = (await Promise.all(scenarios.map((s) => lettersOf(store, s.licenceNumber)))).flat();
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((letter) => letter.letterId)).size).toBe(all.length);
    // Each worker saw every letter done. (EventStoreDB may report an identical concurrent append as
    // appended: it does not say it wrote nothing; the stream shows it did not.)
    expect(first.issued + first.alreadyIssued).toBe(all.length);
    expect(second.issued + second.alreadyIssued).toBe(all.length);
    expect(first.issued + second.issued).toBeGreaterThanOrEqual(all.length);
  });

  describe('one coherent mail per day (RULES §6)', () => {
    const red = (scenario: DatedScenario) => scenario.paid('red', 'RED_LIGHT', '2024-01-10', '2024-01-20');

    test('a withdrawal reversed on the day it was recorded issues neither its letter nor a correction', async () => {
      const scenario = red(DatedScenario.issued('150375100021', '2005-05-12')).cancel(
        'red',
        '2024-01-21',
        '2024-01-21',
      );
      expect(scenario.commands.at(-1)!.events.map((event) => event.type)).toContain('DecisionReversed');
      await scenario.appendTo(store);

      const pass = await workflow(store, new MemoryCheckpoints(), '2024-02-01').runOnce();

      expect(await lettersOf(store, scenario.licenceNumber)).toEqual([]);
      expect(pass.withdrawnSameDay).toBe(2);
    });

    test('a withdrawal reversed on a later day keeps its letter and the correction gets one', async () => {
      const scenario = red(DatedScenario.issued('150375100022', '2005-05-12')).cancel(
        'red',
        '2024-01-24',
        '2024-01-25',
      );
      await scenario.appendTo(store);

      await workflow(store, new MemoryCheckpoints(), '2024-02-01').runOnce();

      const letters = await lettersOf(store, scenario.licenceNumber);
      expect(letters.map((letter) => [letter.letter.reference, letter.issuedOn])).toEqual([
        ['48', '2024-01-21'],
        ['CORRECTION', '2024-01-25'],
      ]);
    });

    test('a backlog of facts recorded late on one day sends only the decisions still standing that evening', async () => {
      // E3 recorded on one day, fact after fact: a withdrawal, a full restoration three years on,
      // then facts that push the restoration back: it is reversed the same day, and never sent.
      const day = '2030-01-01';
      const scenario = DatedScenario.issued('98AB12 69 21', '1998-06-30')
        .infraction('red', 'RED_LIGHT', '2024-01-10', {}, day)
        .establish('red', '2024-01-20', 'FINE_PAID', day)
        .infraction('phone', 'PHONE_HELD', '2026-03-05', {}, day)
        .establish('phone', '2026-03-15', 'FINE_PAID', day);
      await scenario.appendTo(store);
      const appended = scenario.commands.flatMap((command) => command.events.map((event) => event.type));
      expect(appended).toContain('DecisionReversed');

      await workflow(store, new MemoryCheckpoints(), addDays(day, 1)).runOnce();

      const letters = await lettersOf(store, scenario.licenceNumber);
      const reversedIds = new Set(
        scenario.events.flatMap((event) =>
          event.type === 'DecisionReversed' ? [event.data.reversedDecisionId] : [],
        ),
      );
      const standing = scenario
        .recordedDecisions()
        .filter((decision) => !reversedIds.has(decision.data.decisionId))
        .flatMap((decision) => letterFor(decision) ?? []);
      expect(standing.length).toBeGreaterThan(0);
      expect(letters.map((letter) => letter.letter.reference)).toEqual(standing);
      expect(letters.every((letter) => letter.letter.reference !== 'CORRECTION')).toBe(true);
      expect(letters.every((letter) => letter.issuedOn === day)).toBe(true);
    });
  });

  test('its checkpoint is named after the workflow and stops before the first event of a day not over', async () => {
    const scenario = LETTER_STORIES[0].scenario();
    await scenario.appendTo(store);
    const checkpoints = new MemoryCheckpoints();
    const saved: string[] = [];
    const spy = {
      load: checkpoints.load.bind(checkpoints),
      save: async (name: string, position: bigint) => {
        saved.push(name);
        await checkpoints.save(name, position);
      },
    };
    await workflow(store, spy, lastDayOf(scenario)).runOnce();
    const events = await store.readAll({ after: 0n });
    const firstOfLastDay = events.findIndex((event) => event.metadata.recordedOn === lastDayOf(scenario));
    expect(checkpoints.position).toBe(firstOfLastDay === 0 ? 0n : events[firstOfLastDay - 1].globalPosition);
    expect(new Set(saved)).toEqual(new Set(firstOfLastDay === 0 ? [] : [LETTERS_WORKFLOW]));
  });
});
