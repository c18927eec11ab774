import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { ChangeHolderAddressCommand } from './change-holder-address.command';

@CommandHandler(ChangeHolderAddressCommand)
export class ChangeHolderAddressHandler implements ICommandHandler<ChangeHolderAddressCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({ licenceNumber, data, context }: ChangeHolderAddressCommand): Promise<LicenceCommandResult> {
    return this.licences.handle(licenceNumber, { type: 'ChangeHolderAddress', data }, context);
  }
}
