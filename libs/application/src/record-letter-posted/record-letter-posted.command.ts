import { Command } from '@nestjs/cqrs';
import type { RecordLetterPosted } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** Staff record that a letter was handed to the post; a second posting records nothing. */
export class RecordLetterPostedCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: RecordLetterPosted['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
