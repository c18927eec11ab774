import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { RecordInfractionCommand } from './record-infraction.command';

@CommandHandler(RecordInfractionCommand)
export class RecordInfractionHandler implements ICommandHandler<RecordInfractionCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({ licenceNumber, data, context }: RecordInfractionCommand): Promise<LicenceCommandResult> {
    return this.licences.handle(licenceNumber, { type: 'RecordInfraction', data }, context);
  }
}
