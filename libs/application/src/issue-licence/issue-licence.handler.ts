import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { parseLicenceNumber } from '@ledger/domain';
import { LicenceCommandHandling } from '../licence-command-handling';
import type { LicenceCommandResult } from '../licence-command-result';
import { IssueLicenceCommand } from './issue-licence.command';

@CommandHandler(IssueLicenceCommand)
export class IssueLicenceHandler implements ICommandHandler<IssueLicenceCommand> {
  constructor(private readonly licences: LicenceCommandHandling) {}

  async execute({ licenceNumber, data, context }: IssueLicenceCommand): Promise<LicenceCommandResult> {
    // The issued licence records its number in canonical form.
    const canonical = parseLicenceNumber(licenceNumber);
    return this.licences.handle(
      canonical,
      { type: 'IssueLicence', data: { ...data, licenceNumber: canonical } },
      context,
    );
  }
}
