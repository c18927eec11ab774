import { SqliteEventStore } from '@ledger/event-store';
import { composeLetter, lettersStreamId, type LetterInput } from '@ledger/letters';
import { CheckpointedProcessor, ReadModelDatabase } from '@ledger/read-models';
import {
  LETTERS_WORKFLOW,
  LettersProjection,
  LettersWorkflow,
  LettersWorkflowRunner,
  letterIssuedEventId,
} from '@ledger/read-models/letters';
import { AFTER_EVERY_DAY, logWithLetters, memoryCheckpoints } from '../../test/letters/issued-letters-log';
import { LETTER_STORIES } from '../../test/letters/letter-stories';

// Bad input and faults (issue 13): a decision the workflow cannot turn into a letter, or a recorded
// letter this code cannot show, stops there with a clear logged error and a readiness failure:
// never a silent skip, never a crash loop, never a second letter.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingLogger() {
  const errors: string[] = [];
  return {
    errors,
    log: () => undefined,
    warn: () => undefined,
    error: (message: string) => errors.push(message),
  };
}

describe('a letter the workflow cannot write', () => {
  it('halts the workflow at its decision, logged once, unready, nothing appended; fixed and restarted, the letter is issued once', async () => {
    const scenario = LETTER_STORIES.find((story) => story.reference === '48M')!.scenario();
    const store = new SqliteEventStore(':memory:');
    await scenario.appendTo(store);
    const head = await store.headPosition();
    let attempts = 0;
    // Templates that do not know the 48M (as a reference added to the law before its template).
    const withoutTemplate = (input: LetterInput) => {
      if (input.reference !== '48M') return composeLetter(input);
      attempts++;
      throw new Error('no template for the reference 48M');
    };
    const checkpoints = memoryCheckpoints();
    const logger = recordingLogger();
    const broken = new LettersWorkflow(store, checkpoints, {
      today: () => AFTER_EVERY_DAY,
      compose: withoutTemplate,
    });
    const runner = new LettersWorkflowRunner(broken, checkpoints, { intervalMs: 5, logger });
    await runner.start();
    for (let i = 0; i < 200 && !runner.halted; i++) await sleep(5);
    await sleep(50); // time for a loop to show, if there were one
    await runner.stop();

    expect(runner.halted?.message).toContain('The letters workflow stopped at PointsWithdrawn');
    expect(runner.halted?.message).toContain('no template for the reference 48M');
    expect(runner.isRunning).toBe(false);
    expect(attempts).toBe(1);
    expect(logger.errors).toHaveLength(1);
    await expect(runner.runOnce()).rejects.toBe(runner.halted);
    const { events } = await store.readStream(lettersStreamId(scenario.licenceNumber));
    expect(events.map((event) => event.data)).not.toContainEqual(
      expect.objectContaining({ letter: expect.objectContaining({ reference: '48M' }) }),
    );
    expect(checkpoints.position).toBeLessThan(head);

    const fixed = new LettersWorkflow(store, checkpoints, { today: () => AFTER_EVERY_DAY });
    await fixed.runOnce();
    await fixed.runOnce();
    const letters = (await store.readStream(lettersStreamId(scenario.licenceNumber))).events;
    const ids = letters.map((event) => event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      letters.map((event) => (event.data as { letter: { reference: string } }).letter.reference),
    ).toEqual(['48', '48M']);
    expect(ids).toContain(
      letterIssuedEventId((letters[1].data as { causedBy: { eventId: string } }).causedBy.eventId),
    );
    await store.close();
  });
});

describe('a recorded letter of a template version this code does not know', () => {
  it('stops the letters processor before it, with a coded error naming the letter, reported to readiness; no row written, no crash', async () => {
    const store = await logWithLetters([LETTER_STORIES[0].scenario()]);
    const [recorded] = (await store.readStream(lettersStreamId(LETTER_STORIES[0].scenario().licenceNumber)))
      .events;
    const future = { ...(recorded.data as object), templateVersion: 99 };
    const { currentVersion } = await store.readStream(lettersStreamId('150375100002'));
    await store.appendToStream(lettersStreamId('150375100002'), currentVersion, [
      {
        eventId: letterIssuedEventId('00000000-0000-5000-8000-000000000099'),
        type: 'LetterIssued',
        data: {
          ...future,
          letterId: 'L-00000000-0000-5000-8000-000000000099',
          licenceNumber: '150375100002',
          letter: {
            ...(recorded.data as { letter: object }).letter,
            letterId: 'L-00000000-0000-5000-8000-000000000099',
          },
        },
        metadata: {
          actor: 'a later version',
          commandId: 'later',
          correlationId: 'later',
          causationId: 'later',
          schemaVersion: 1,
        },
      },
    ]);
    const projection = new LettersProjection();
    const database = ReadModelDatabase.open(':memory:', [projection]);
    const logger = recordingLogger();
    const processor = new CheckpointedProcessor(store, database, projection, {
      batchSize: 1,
      logger,
      backoff: { initialMs: 5, maxMs: 20 },
    });
    await processor.start();
    for (let i = 0; i < 400 && processor.failure === undefined; i++) await sleep(5);
    const reported = processor.failure;
    expect(processor.isRunning).toBe(true); // no crash: it retries, with its backoff
    await processor.stop();

    expect(reported).toContain('template version 99');
    expect(reported).toContain('L-00000000-0000-5000-8000-000000000099');
    expect(logger.errors.length).toBeGreaterThanOrEqual(3);
    expect(logger.errors[0]).toContain('L-00000000-0000-5000-8000-000000000099');
    expect(logger.errors[0]).toContain('template version 99');
    const ids = database.db.prepare('SELECT letter_id FROM letters').pluck().all();
    expect(ids).toEqual([(recorded.data as { letterId: string }).letterId]); // the one before it, only
    expect(database.checkpoint('letters')).toBe((await store.headPosition()) - 1n);
    expect(database.checkpoint(LETTERS_WORKFLOW)).toBe(0n); // (the workflow's own checkpoint is elsewhere)
    database.close();
    await store.close();
  });
});
