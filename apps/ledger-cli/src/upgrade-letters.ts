import type { CalendarDate } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { PgReadModelDatabase, ReadModelDatabase } from '@ledger/read-models';
import { recordIssuedLetters, type LetterRow, type LettersUpgradeReport } from '@ledger/read-models/letters';
import { storeConfig } from './cli-stores';
import { rebuildReadModels, type RebuildCommandReport } from './rebuild';

export interface UpgradeLettersReport extends LettersUpgradeReport {
  /** The letters read model rebuilt from the log once every letter is recorded there. */
  rebuild: RebuildCommandReport;
}

const ALL_LETTERS = 'SELECT * FROM letters ORDER BY licence_number, licence_sequence';

/** The letters rows a previous version wrote, on the configured read-model store (none: []). */
async function letterRows(env: NodeJS.ProcessEnv): Promise<LetterRow[]> {
  const config = storeConfig(env).readModels;
  if (config.kind === 'postgres') {
    const database = await PgReadModelDatabase.open(config.url, [], { schema: config.schema });
    try {
      const table = database.qualified('letters');
      const { rows: exists } = await database.pool.query<{ found: string | null }>(
        'SELECT to_regclass($1) AS found',
        [table],
      );
      if (exists[0].found === null) return [];
      const { rows } = await database.pool.query<LetterRow>(ALL_LETTERS.replace('letters', table));
      return rows;
    } finally {
      await database.close();
    }
  }
  const database = ReadModelDatabase.open(config.path);
  try {
    const table = database.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'letters'")
      .get();
    return table ? (database.db.prepare(ALL_LETTERS).all() as LetterRow[]) : [];
  } finally {
    database.close();
  }
}

/**
 * `upgrade-letters`: the one-time upgrade of a ledger whose letters lived only in the read model
 * (before LetterIssued): records each of them in the log as the holder can download it today, then
 * rebuilds the letters read model from the log. Run it once, with the worker stopped, before the
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
  const report = await recordIssuedLetters(store, await letterRows(env), today);
  const [rebuild] = await rebuildReadModels(store, 'letters', { quiet, env });
  return { ...report, rebuild };
}
