import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { dumpProjection, ReadModelDatabase } from '@ledger/read-models';
import { LettersProjection } from '@ledger/read-models/letters';
import { LETTER_STORIES } from '../../test/letters/letter-stories';

// CONVENTIONS 6 and 7, for real: the worker process is killed (SIGKILL) after a letter's INSERT and
// before the commit of the transaction that holds the checkpoint. Restarted, it leaves exactly one
// letter per causing event: the same rows as a worker that never crashed.

const ROOT = resolve(__dirname, '../../../..');
const CHILD = join(__dirname, '../../test/letters/letters-worker.child.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  reached?: string;
  stderr: string;
}

function runWorker(args: {
  eventStorePath: string;
  readModelPath: string;
  killAfterLetterInsert: boolean;
  batchSize: number;
}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(CHILD, [JSON.stringify({ root: ROOT, ...args })], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let reached: string | undefined;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('message', (message: { reached?: string }) => (reached = message.reached));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolvePromise({ code, signal, reached, stderr }));
  });
}

describe('a worker killed between a letter and its checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'letters-crash-'));
  const eventStorePath = join(dir, 'events.sqlite');
  const readModelPath = join(dir, 'read-model.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restarted, leaves exactly one letter per decision that calls for one', async () => {
    const store = new SqliteEventStore(eventStorePath);
    const seen = new Set<string>();
    for (const story of LETTER_STORIES) {
      const scenario = story.scenario();
      if (seen.has(scenario.licenceNumber)) continue;
      seen.add(scenario.licenceNumber);
      await scenario.appendTo(store);
    }
    const head = await store.headPosition();
    const everything = await store.readAll({ after: 0n });
    await store.close();

    const killed = await runWorker({
      eventStorePath,
      readModelPath,
      killAfterLetterInsert: true,
      batchSize: 5,
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.reached).toBeUndefined();

    const projection = new LettersProjection();
    const afterCrash = ReadModelDatabase.open(readModelPath, [projection]);
    const checkpointAfterCrash = afterCrash.checkpoint('letters');
    // Whatever committed before the crash holds no letter; the letter being written died with its checkpoint.
    expect(dumpProjection(afterCrash, projection).letters).toEqual([]);
    expect(checkpointAfterCrash).toBeLessThan(head);
    afterCrash.close();

    const restarted = await runWorker({
      eventStorePath,
      readModelPath,
      killAfterLetterInsert: false,
      batchSize: 5,
    });
    expect(restarted.stderr).toBe('');
    expect(restarted).toMatchObject({ code: 0, reached: head.toString() });

    const result = ReadModelDatabase.open(readModelPath, [projection]);
    const letters = dumpProjection(result, projection).letters as Array<{
      caused_by_event_id: string;
      reference: string;
    }>;
    // The reference: the same log applied in one go by a worker that never crashed.
    const reference = ReadModelDatabase.open(':memory:', [projection]);
    reference.transaction(() => projection.apply(everything, reference.tx(projection)));
    expect(dumpProjection(result, projection)).toEqual(dumpProjection(reference, projection));
    expect(new Set(letters.map((l) => l.caused_by_event_id)).size).toBe(letters.length);
    expect(letters.map((l) => l.reference).sort()).toEqual(
      [
        '46B',
        '46D',
        '48',
        '48',
        '48',
        '48',
        '48',
        '48',
        '48M',
        '48M',
        '48M',
        '48M',
        '48M',
        '48N',
        '48SI',
        'CORRECTION',
      ].sort(),
    );
    result.close();
    reference.close();
  }, 60_000);
});
