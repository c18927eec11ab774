import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { CancelInfractionCommand } from './cancel-infraction.command';

@CommandHandler(CancelInfractionCommand)
export class CancelInfractionHandler implements ICommandHandler<CancelInfractionCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({ licenceNumber, data, context }: CancelInfractionCommand): Promise<LicenceCommandResult> {
    return this.licences.handle(licenceNumber, { type: 'CancelInfraction', data }, context);
  }
}
