import { Injectable } from '@nestjs/common';
import type { DueChangesReport } from '@ledger/application';
import type { CalendarDate } from '@ledger/domain';
import { PgReadModelDatabase, ReadModelDatabase } from '@ledger/read-models';

/**
 * The days the daily run completed, in the worker's own database (beside the read models, not one
 * of them: a rebuild leaves it alone). The last one tells the worker at start-up whether today's
 * run is still to do; one run for today covers every day missed since (RULES §1). Kept wherever the
 * read models are: SqliteDailyRunLog or PgDailyRunLog.
 */
export abstract class DailyRunLog {
  abstract lastCompleted(): Promise<CalendarDate | null>;
  abstract record(report: DueChangesReport, completedAt: Date): Promise<void>;
}

@Injectable()
export class SqliteDailyRunLog extends DailyRunLog {
  constructor(private readonly database: ReadModelDatabase) {
    super();
    database.db.exec(`
      CREATE TABLE IF NOT EXISTS daily_runs (
        run_on           TEXT PRIMARY KEY,
        completed_at     TEXT NOT NULL,
        licences_changed INTEGER NOT NULL,
        events_appended  INTEGER NOT NULL,
        licences_failed  INTEGER NOT NULL
      ) STRICT;
    `);
  }

  async lastCompleted(): Promise<CalendarDate | null> {
    const row = this.database
      .statement<{ run_on: string }>('SELECT max(run_on) AS run_on FROM daily_runs')
      .get();
    return row?.run_on ?? null;
  }

  async record(report: DueChangesReport, completedAt: Date): Promise<void> {
    this.database
      .statement(
        `INSERT INTO daily_runs (run_on, completed_at, licences_changed, events_appended, licences_failed) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_on) DO UPDATE SET completed_at = excluded.completed_at, licences_changed = excluded.licences_changed,
           events_appended = excluded.events_appended, licences_failed = excluded.licences_failed`,
      )
      .run(
        report.asOf,
        completedAt.toISOString(),
        report.licencesChanged,
        report.eventsAppended,
        report.licencesFailed,
      );
  }
}

/** The same table in the read models' PostgreSQL schema; created on first use. */
@Injectable()
export class PgDailyRunLog extends DailyRunLog {
  private created: Promise<void> | undefined;

  constructor(private readonly database: PgReadModelDatabase) {
    super();
  }

  async lastCompleted(): Promise<CalendarDate | null> {
    await this.ensureTable();
    const { rows } = await this.database.pool.query<{ run_on: string | null }>(
      `SELECT max(run_on) AS run_on FROM ${this.table}`,
    );
    return rows[0]?.run_on ?? null;
  }

  async record(report: DueChangesReport, completedAt: Date): Promise<void> {
    await this.ensureTable();
    await this.database.pool.query(
      `INSERT INTO ${this.table} (run_on, completed_at, licences_changed, events_appended, licences_failed) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (run_on) DO UPDATE SET completed_at = excluded.completed_at, licences_changed = excluded.licences_changed,
         events_appended = excluded.events_appended, licences_failed = excluded.licences_failed`,
      [
        report.asOf,
        completedAt.toISOString(),
        report.licencesChanged,
        report.eventsAppended,
        report.licencesFailed,
      ],
    );
  }

  private get table(): string {
    return this.database.qualified('daily_runs');
  }

  private ensureTable(): Promise<void> {
    this.created ??= this.database
      .ddl(async (client) => {
        await client.query(`
          CREATE TABLE IF NOT EXISTS ${this.table} (
            run_on           TEXT COLLATE "C" PRIMARY KEY,
            completed_at     TEXT NOT NULL,
            licences_changed INTEGER NOT NULL,
            events_appended  INTEGER NOT NULL,
            licences_failed  INTEGER NOT NULL
          )`);
      })
      .catch((error: unknown) => {
        this.created = undefined; // the server may be back next time
        throw error;
      });
    return this.created;
  }
}
