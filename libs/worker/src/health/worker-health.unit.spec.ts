import type { EventStore } from '@ledger/event-store';
import type { ReadModelProcessor, ReadModelProcessors, ReadModelStore } from '@ledger/read-models';
import { workerReadiness } from './worker-health';

const processor = (name: string, checkpoint: bigint, isRunning = true) =>
  ({ name, isRunning, checkpoint: async () => checkpoint }) as unknown as ReadModelProcessor;
const processorsOf = (...all: ReadModelProcessor[]) =>
  ({ all }) as unknown as ReadModelProcessors<ReadModelProcessor>;
const storeAt = (head: bigint | Error) =>
  ({
    headPosition: async () => (head instanceof Error ? Promise.reject(head) : head),
  }) as unknown as EventStore;
const database = (ping: () => Promise<void> = async () => undefined) =>
  ({ kind: 'sqlite', ping }) as unknown as ReadModelStore;

describe("the worker's readiness", () => {
  it('is ready when the stores answer and every processor runs, with each checkpoint and lag', async () => {
    const ready = await workerReadiness(
      storeAt(120n),
      database(),
      processorsOf(processor('licences', 100n), processor('letters', 120n)),
    );
    expect(ready).toEqual({
      status: 'ok',
      problems: [],
      eventStore: { head: '120' },
      readModels: { store: 'sqlite' },
      processors: [
        { name: 'licences', running: true, checkpoint: '100', lag: '20' },
        { name: 'letters', running: true, checkpoint: '120', lag: '0' },
      ],
      workflows: [],
    });
  });

  it('is not ready when a processor stopped, naming it', async () => {
    const ready = await workerReadiness(
      storeAt(5n),
      database(),
      processorsOf(processor('letters', 5n, false)),
    );
    expect(ready.status).toBe('error');
    expect(ready.problems).toEqual(['processor letters is not running']);
  });

  it('is not ready when the letters workflow halted on a letter it cannot write, saying why', async () => {
    const halted = {
      name: 'letters-workflow',
      isRunning: false,
      halted: new Error('no template for reference 48X'),
      checkpoint: async () => 42n,
    };
    const ready = await workerReadiness(storeAt(50n), database(), processorsOf(processor('letters', 50n)), {
      workflows: [halted],
    });
    expect(ready.status).toBe('error');
    expect(ready.problems).toEqual(['workflow letters-workflow is halted: no template for reference 48X']);
    expect(ready.workflows).toEqual([
      { name: 'letters-workflow', running: false, checkpoint: '42', halted: 'no template for reference 48X' },
    ]);
  });

  it('is not ready when a processor lags beyond the allowed lag', async () => {
    const ready = await workerReadiness(
      storeAt(500n),
      database(),
      processorsOf(processor('licences', 100n)),
      {
        maxLag: 399,
      },
    );
    expect(ready.problems).toEqual(['processor licences is 400 events behind the log (more than 399)']);
  });

  it('is not ready when the event store or the read-model database does not answer', async () => {
    const ready = await workerReadiness(
      storeAt(new Error('connection refused')),
      database(() => new Promise(() => undefined)),
      processorsOf(processor('licences', 1n)),
      { timeoutMs: 50 },
    );
    expect(ready.status).toBe('error');
    expect(ready.problems).toEqual([
      'the sqlite read-model database did not answer within 50 ms',
      'the event store does not answer',
    ]);
    expect(ready.processors[0].lag).toBeNull();
  });
});
