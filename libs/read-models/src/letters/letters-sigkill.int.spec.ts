import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { dumpProjection, ReadModelDatabase } from '@ledger/read-models';
import { LETTERS_WORKFLOW, LettersProjection } from '@ledger/read-models/letters';
import { logWithLetters } from '../../test/letters/issued-letters-log';
import { LETTER_STORIES } from '../../test/letters/letter-stories';

// CONVENTIONS 6 and 7, for real: the letters workflow is killed (SIGKILL) right after its first
// append of LetterIssued events (one licence's letters), before its checkpoint; then the letters processor is killed after a letter's INSERT,
// before the commit of the transaction that holds its checkpoint. Restarted, each leaves exactly
// one letter per causing event: the same log and rows as a worker that never crashed.

const ROOT = resolve(__dirname, '../../../..');
const CHILD = join(__dirname, '../../test/letters/letters-worker.child.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  reached?: string;
  stderr: string;
}

function runChild(args: {
  mode: 'workflow' | 'projection';
  eventStorePath: string;
  readModelPath: string;
  kill: boolean;
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

const scenarios = () => LETTER_STORIES.map((story) => story.scenario());

describe('a worker killed between a letter and its checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'letters-crash-'));
  const eventStorePath = join(dir, 'events.sqlite');
  const readModelPath = join(dir, 'read-model.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restarted, leaves exactly one LetterIssued, and one letter row, per decision that calls for one', async () => {
    const store = new SqliteEventStore(eventStorePath);
    const seen = new Set<string>();
    for (const scenario of scenarios()) {
      if (seen.has(scenario.licenceNumber)) continue;
      seen.add(scenario.licenceNumber);
      await scenario.appendTo(store);
    }
    const facts = await store.headPosition();
    await store.close();
    const files = { eventStorePath, readModelPath, batchSize: 5 };

    const killedWorkflow = await runChild({ mode: 'workflow', kill: true, ...files });
    expect(killedWorkflow.signal).toBe('SIGKILL');
    const afterKill = new SqliteEventStore(eventStorePath);
    expect(await afterKill.headPosition()).toBeGreaterThan(facts); // one licence's letters appended, then the kill
    await afterKill.close();
    const checkpoints = ReadModelDatabase.open(readModelPath);
    expect(checkpoints.checkpoint(LETTERS_WORKFLOW)).toBeLessThan(facts); // its checkpoint never saved
    checkpoints.close();

    const restartedWorkflow = await runChild({ mode: 'workflow', kill: false, ...files });
    expect(restartedWorkflow.stderr).toBe('');
    expect(restartedWorkflow.code).toBe(0);

    const killedProcessor = await runChild({ mode: 'projection', kill: true, ...files });
    expect(killedProcessor.signal).toBe('SIGKILL');
    const restartedProcessor = await runChild({ mode: 'projection', kill: false, ...files });
    expect(restartedProcessor.stderr).toBe('');
    expect(restartedProcessor.code).toBe(0);

    // The reference: the same stories, letters issued by a workflow that never crashed.
    const reference = await logWithLetters(scenarios());
    const crashed = new SqliteEventStore(eventStorePath);
    const strip = (events: Awaited<ReturnType<SqliteEventStore['readAll']>>) =>
      events.map(({ eventId, streamId, type, data }) => ({ eventId, streamId, type, data }));
    expect(strip(await crashed.readAll({ after: 0n }))).toEqual(
      strip(await reference.readAll({ after: 0n })),
    );

    const projection = new LettersProjection();
    const result = ReadModelDatabase.open(readModelPath, [projection]);
    const letters = dumpProjection(result, projection).letters as Array<{
      caused_by_event_id: string;
      reference: string;
    }>;
    expect(new Set(letters.map((l) => l.caused_by_event_id)).size).toBe(letters.length);
    const expected = [
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
    ];
    expect(letters.map((l) => l.reference).sort()).toEqual(expected.sort());
    const fresh = ReadModelDatabase.open(':memory:', [projection]);
    const log = await crashed.readAll({ after: 0n });
    fresh.transaction(() => projection.apply(log, fresh.tx(projection)));
    expect(dumpProjection(result, projection)).toEqual(dumpProjection(fresh, projection));
    result.close();
    fresh.close();
    await crashed.close();
    await reference.close();
  }, 60_000);
});
