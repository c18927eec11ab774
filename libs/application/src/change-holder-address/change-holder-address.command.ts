import { Command } from '@nestjs/cqrs';
import type { ChangeHolderAddress } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** A clerk records the holder's new postal address: letters go there from then on. */
export class ChangeHolderAddressCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: ChangeHolderAddress['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}
