import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { RecordLetterPostedCommand } from './record-letter-posted.command';

@CommandHandler(RecordLetterPostedCommand)
export class RecordLetterPostedHandler implements ICommandHandler<RecordLetterPostedCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({ licenceNumber, data, context }: RecordLetterPostedCommand): Promise<LicenceCommandResult> {
    return this.licences.handle(licenceNumber, { type: 'RecordLetterPosted', data }, context);
  }
}
