import type { PgReadModelDatabase } from '../../postgres/pg-read-model-database';
import type { ReadModelDatabase } from '../../sqlite/read-model-database';

/**
 * Where a workflow remembers how far it has read the log. Its output goes to the event store, so
 * the checkpoint cannot share a transaction with it: exactness comes from the output's ids (derived
 * from the causing event; an id already appended counts as done), and the checkpoint only saves
 * work. It only moves forward, so two workers saving out of order never send one back.
 */
export interface WorkflowCheckpoints {
  load(workflow: string): Promise<bigint>;
  save(workflow: string, position: bigint): Promise<void>;
}

export function sqliteWorkflowCheckpoints(database: ReadModelDatabase): WorkflowCheckpoints {
  return {
    load: async (workflow) => database.checkpoint(workflow),
    save: async (workflow, position) =>
      database.transaction(() => {
        if (database.checkpoint(workflow) < position) database.writeCheckpoint(workflow, position);
      }),
  };
}

export function pgWorkflowCheckpoints(database: PgReadModelDatabase): WorkflowCheckpoints {
  return {
    load: (workflow) => database.checkpoint(workflow),
    save: (workflow, position) =>
      database.transaction(async (client) => {
        if ((await database.lockCheckpoint(client, workflow)) < position)
          await database.writeCheckpoint(client, workflow, position);
      }),
  };
}
