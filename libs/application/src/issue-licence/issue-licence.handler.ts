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
    // The law looks back at the earlier number's invalidations (RULES §5): read once, before the
    // loop. A number's invalidations never change once it is handed in, so a retry needs no re-read.
    const previousLicenceFacts =
      data.previousLicenceNumber === undefined ? undefined : await this.licences.factsOf(data.previousLicenceNumber);
    return this.licences.handle(
      canonical,
      { type: 'IssueLicence', data: { ...data, licenceNumber: canonical }, previousLicenceFacts },
      context,
    );
  }
}
