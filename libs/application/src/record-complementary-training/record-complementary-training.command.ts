import { Command } from '@nestjs/cqrs';
import type { RecordComplementaryTraining } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** A clerk records the complementary training of a probationary first licence (R223-1 II). */
export class RecordComplementaryTrainingCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: RecordComplementaryTraining['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
