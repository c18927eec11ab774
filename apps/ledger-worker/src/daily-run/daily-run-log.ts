import { Injectable } from '@nestjs/common';
import type { DueChangesReport } from '@ledger/application';
import type { CalendarDate } from '@ledger/domain';
import { ReadModelDatabase } from '@ledger/read-models';

/**
 * The days the daily run completed, in the worker's own database (beside the read models, not one
 * of them: a rebuild leaves it alone). The last one tells the worker at start-up whether today's
 * run is still to do; one run for today covers every day missed since (RULES §1).
 */
@Injectable()
export class DailyRunLog {
  constructor(private readonly database: ReadModelDatabase) {
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

  lastCompleted(): CalendarDate | null {
    const row = this.database
      .statement<{ run_on: string }>('SELECT max(run_on) AS run_on FROM daily_runs')
      .get();
    return row?.run_on ?? null;
  }

  record(report: DueChangesReport, completedAt: Date): void {
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
