import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { EstablishInfractionCommand } from './establish-infraction.command';

@CommandHandler(EstablishInfractionCommand)
export class EstablishInfractionHandler implements ICommandHandler<EstablishInfractionCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({ licenceNumber, data, context }: EstablishInfractionCommand): Promise<LicenceCommandResult> {
    return this.licences.handle(licenceNumber, { type: 'EstablishInfraction', data }, context);
  }
}
