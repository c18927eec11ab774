import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { RecordLicenceSurrenderedCommand } from './record-licence-surrendered.command';

@CommandHandler(RecordLicenceSurrenderedCommand)
export class RecordLicenceSurrenderedHandler implements ICommandHandler<RecordLicenceSurrenderedCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({
    licenceNumber,
    data,
    context,
  }: RecordLicenceSurrenderedCommand): Promise<LicenceCommandResult> {
    return this.licences.handle(licenceNumber, { type: 'RecordLicenceSurrendered', data }, context);
  }
}
