import { Command } from '@nestjs/cqrs';
import type { IssueLicence } from '@ledger/domain';
import type { CommandContext } from '../command-context';
import type { LicenceCommandResult } from '../licence-command-result';

/** A clerk issues a licence, or imports an existing one with its balance on issuedOn. */
export class IssueLicenceCommand extends Command<LicenceCommandResult> {
  constructor(
    /** As typed by the clerk: the handler normalises it (RULES §7). */
    readonly licenceNumber: string,
    readonly data: Omit<IssueLicence['data'], 'licenceNumber'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
