import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { RecordComplementaryTrainingCommand } from './record-complementary-training.command';

@CommandHandler(RecordComplementaryTrainingCommand)
export class RecordComplementaryTrainingHandler implements ICommandHandler<RecordComplementaryTrainingCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({
    licenceNumber,
    data,
    context,
  }: RecordComplementaryTrainingCommand): Promise<LicenceCommandResult> {
    return this.licences.handle(licenceNumber, { type: 'RecordComplementaryTraining', data }, context);
  }
}
