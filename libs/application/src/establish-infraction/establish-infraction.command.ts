import { Command } from '@nestjs/cqrs';
import type { EstablishInfraction } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** A clerk records that an infraction was established (fine paid, increased fine issued…): the withdrawal takes effect that day (L223-1). */
export class EstablishInfractionCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: EstablishInfraction['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
