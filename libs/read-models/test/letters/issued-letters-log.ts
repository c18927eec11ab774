import type { CalendarDate } from '@ledger/domain';
import { SqliteEventStore, type EventStore } from '@ledger/event-store';
import { LettersWorkflow, type WorkflowCheckpoints } from '@ledger/read-models/letters';
import type { DatedScenario } from './dated-scenario';

/** A workflow checkpoint kept in memory: each test starts from zero. */
export function memoryCheckpoints(): WorkflowCheckpoints & { position: bigint } {
  const checkpoints = {
    position: 0n,
    load: async () => checkpoints.position,
    save: async (_workflow: string, position: bigint) => {
      if (position > checkpoints.position) checkpoints.position = position;
    },
  };
  return checkpoints;
}

/** Every business day before this one is over: the workflow issues every letter of the log. */
export const AFTER_EVERY_DAY: CalendarDate = '9999-12-31';

/** Runs the letters workflow once over the store's log, as the worker would the next morning. */
export async function issueLetters(store: EventStore, today: CalendarDate = AFTER_EVERY_DAY): Promise<void> {
  await new LettersWorkflow(store, memoryCheckpoints(), { today: () => today }).runOnce();
}

/** The scenarios on one in-memory log (one stream per licence number: the first of each), letters issued. */
export async function logWithLetters(scenarios: readonly DatedScenario[]): Promise<SqliteEventStore> {
  const store = new SqliteEventStore(':memory:', { pollIntervalMs: 5 });
  const numbers = new Set<string>();
  for (const scenario of scenarios) {
    if (numbers.has(scenario.licenceNumber)) continue;
    numbers.add(scenario.licenceNumber);
    await scenario.appendTo(store);
  }
  await issueLetters(store);
  return store;
}
