import { Command } from '@nestjs/cqrs';
import type { RecordLicenceSurrendered } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** A clerk records that the invalidated licence was handed in: the waiting period for a new one starts (RULES §5). */
export class RecordLicenceSurrenderedCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: RecordLicenceSurrendered['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
