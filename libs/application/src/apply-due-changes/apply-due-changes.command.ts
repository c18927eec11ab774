import { Command } from '@nestjs/cqrs';
import type { CalendarDate } from '@ledger/domain';
import type { CommandContext } from '../command-context';

export interface DueChangesReport {
  asOf: CalendarDate;
  /** Licences on which this run (or the earlier run for the same asOf it repeats) appended something. */
  licencesChanged: number;
  eventsAppended: number;
  /** Licences whose decision was refused or lost its race every time: logged, and retried by a new run. */
  licencesFailed: number;
}

/** The daily run: append every decision whose date is on or before asOf, on every licence (RULES §1). */
export class ApplyDueChangesCommand extends Command<DueChangesReport> {
  constructor(
    /** May not be after today. */
    readonly asOf: CalendarDate,
    readonly context: CommandContext,
  ) {
    super();
  }
}
