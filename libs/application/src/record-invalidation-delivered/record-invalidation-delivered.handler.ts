import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { RecordInvalidationDeliveredCommand } from './record-invalidation-delivered.command';

@CommandHandler(RecordInvalidationDeliveredCommand)
export class RecordInvalidationDeliveredHandler implements ICommandHandler<RecordInvalidationDeliveredCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({
    licenceNumber,
    data,
    context,
  }: RecordInvalidationDeliveredCommand): Promise<LicenceCommandResult> {
    return this.licences.handle(licenceNumber, { type: 'RecordInvalidationDelivered', data }, context);
  }
}
