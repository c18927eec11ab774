import { Command } from '@nestjs/cqrs';
import type { RecordInvalidationDelivered } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** A clerk records the delivery of the 48SI letter: the invalidation takes effect that day (L223-5, R223-3). */
export class RecordInvalidationDeliveredCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: RecordInvalidationDelivered['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
