import { Command } from '@nestjs/cqrs';
import type { RecordInfraction } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** A clerk records an infraction as committed; it withdraws nothing until established (L223-1). */
export class RecordInfractionCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: RecordInfraction['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
