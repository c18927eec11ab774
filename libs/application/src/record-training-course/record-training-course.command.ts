import { Command } from '@nestjs/cqrs';
import type { RecordTrainingCourse } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** A clerk records a completed two-day training course (L223-6 ¶4, R223-8). */
export class RecordTrainingCourseCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: RecordTrainingCourse['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
