import type { CalendarDate } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { PgReadModelDatabase, ReadModelDatabase } from '@ledger/read-models';
import {
  LETTERS_PROJECTION,
  LETTERS_WORKFLOW,
  pgWorkflowCheckpoints,
  recordIssuedLetters,
  sqliteWorkflowCheckpoints,
  type LetterRow,
  type LettersUpgradeReport,
  type WorkflowCheckpoints,
} from '@ledger/read-models/letters';
import { storeConfig } from './cli-stores';
import { rebuildReadModels, type RebuildCommandReport } from './rebuild';

export interface UpgradeLettersReport extends LettersUpgradeReport {
  /** Where the letters workflow starts: after what the old letters read model had covered. */
  workflowCheckpoint: string;
  /** The letters read model rebuilt from the log once every letter is recorded there. */
  rebuild: RebuildCommandReport;
}

const ALL_LETTERS = 'SELECT * FROM letters ORDER BY licence_number, licence_sequence';

/** What the previous version left: its letters rows (none: []) and how far its letters projection had read. */
interface PreviousLetters {
  rows: LetterRow[];
  coveredUpTo: bigint;
}

/**
 * Reads what the previous version left, and hands the letters workflow's checkpoint to `work`:
 * on the configured read-model store.
 */
async function withPreviousLetters<T>(
  env: NodeJS.ProcessEnv,
  work: (previous: PreviousLetters, checkpoints: WorkflowCheckpoints) => Promise<T>,
): Promise<T> {
  const config = storeConfig(env).readModels;
  if (config.kind === 'postgres') {
    const database = await PgReadModelDatabase.open(config.url, [], { schema: config.schema });
    try {
      const rows = await pgLetterRows(database);
      const previous = { rows, coveredUpTo: await database.checkpoint(LETTERS_PROJECTION) };
      return await work(previous, pgWorkflowCheckpoints(database));
    } finally {
      await database.close();
    }
  }
  const database = ReadModelDatabase.open(config.path);
  try {
    const table = database.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'letters'")
      .get();
    const rows = table ? (database.db.prepare(ALL_LETTERS).all() as LetterRow[]) : [];
    const previous = { rows, coveredUpTo: database.checkpoint(LETTERS_PROJECTION) };
    return await work(previous, sqliteWorkflowCheckpoints(database));
  } finally {
    database.close();
  }
}

async function pgLetterRows(database: PgReadModelDatabase): Promise<LetterRow[]> {
  const table = database.qualified('letters');
  const { rows: exists } = await database.pool.query<{ found: string | null }>(
    'SELECT to_regclass($1) AS found',
    [table],
  );
  if (exists[0].found === null) return [];
  const { rows } = await database.pool.query<LetterRow>(ALL_LETTERS.replace('letters', table));
  return rows;
}

/**
 * `upgrade-letters`: the one-time upgrade of a ledger whose letters lived only in the read model
 * (before LetterIssued): records each of them in the log as the holder can download it today, starts
 * the letters workflow after what the old letters read model had covered, then rebuilds the letters
 * read model from the log. Run it once, with the worker stopped, before the
 * new worker starts; run again, it appends nothing.
 */
export async function upgradeLetters(
  store: EventStore,
  {
    today,
    quiet = false,
    env = process.env,
  }: { today: CalendarDate; quiet?: boolean; env?: NodeJS.ProcessEnv },
): Promise<UpgradeLettersReport> {
  const { report, workflowCheckpoint } = await withPreviousLetters(env, async (previous, checkpoints) => {
    const recorded = await recordIssuedLetters(store, previous.rows, today);
    // Every decision the old projection had read has its letter recorded now (under the old rule:
    // one per decision): the workflow goes on from there instead of reading the whole log again.
    await checkpoints.save(LETTERS_WORKFLOW, previous.coveredUpTo);
    return { report: recorded, workflowCheckpoint: (await checkpoints.load(LETTERS_WORKFLOW)).toString() };
  });
  const [rebuild] = await rebuildReadModels(store, 'letters', { quiet, env });
  return { ...report, workflowCheckpoint, rebuild };
}
