import type { Provider } from '@nestjs/common';
import { Clock } from '@ledger/application';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { PgReadModelDatabase, ReadModelDatabase } from '@ledger/read-models';
import {
  LettersWorkflow,
  LettersWorkflowRunner,
  pgWorkflowCheckpoints,
  sqliteWorkflowCheckpoints,
  type LettersWorkflowRunnerOptions,
  type WorkflowCheckpoints,
} from '@ledger/read-models/letters';

/**
 * The letters workflow (RULES §6, CONVENTIONS 7) in the worker: reads the log, appends LetterIssued
 * events, keeps its checkpoint beside the read models' (SQLite or PostgreSQL).
 */
export function lettersWorkflowProvider(
  store: 'sqlite' | 'postgres',
  options: LettersWorkflowRunnerOptions = {},
): Provider {
  return {
    provide: LettersWorkflowRunner,
    inject: [EVENT_STORE, Clock, store === 'postgres' ? PgReadModelDatabase : ReadModelDatabase],
    useFactory: (events: EventStore, clock: Clock, database: ReadModelDatabase | PgReadModelDatabase) => {
      const checkpoints: WorkflowCheckpoints =
        database instanceof PgReadModelDatabase
          ? pgWorkflowCheckpoints(database)
          : sqliteWorkflowCheckpoints(database);
      const workflow = new LettersWorkflow(events, checkpoints, { today: () => clock.today() });
      return new LettersWorkflowRunner(workflow, checkpoints, options);
    },
  };
}
