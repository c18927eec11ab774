import { Command } from '@nestjs/cqrs';
import type { CancelInfraction } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** A clerk records that an infraction was cancelled: a withdrawal already recorded for it is reversed (RULES §3). */
export class CancelInfractionCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: CancelInfraction['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
