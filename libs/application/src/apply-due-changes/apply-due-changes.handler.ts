import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isCalendarDate, isDomainError, licenceStreamId, LicenceErrors } from '@ledger/domain';
import { Clock } from '../clock/clock';
import { DueLicenceFinder } from '../due-licences/due-licence-finder';
import { LicenceCommandHandling } from '../licence-command-handling';
import { ApplyDueChangesCommand, type DueChangesReport } from './apply-due-changes.command';

/**
 * Runs ApplyDueChanges on each licence the finder returns, one after the other. Each licence gets
 * its own commandId, derived from asOf and its stream, so running the same day again appends
 * nothing twice and reports what the first run did.
 */
@CommandHandler(ApplyDueChangesCommand)
export class ApplyDueChangesHandler implements ICommandHandler<ApplyDueChangesCommand> {
  private readonly logger = new Logger('ApplyDueChanges');

  constructor(
    private readonly licences: LicenceCommandHandling,
    private readonly finder: DueLicenceFinder,
    private readonly clock: Clock,
  ) {}

  async execute({ asOf, context }: ApplyDueChangesCommand): Promise<DueChangesReport> {
    if (!isCalendarDate(asOf)) throw LicenceErrors.malformedDate('asOf', asOf);
    const today = this.clock.today();
    if (asOf > today) throw LicenceErrors.dateInFuture('asOf', asOf, today);

    const report: DueChangesReport = { asOf, licencesChanged: 0, eventsAppended: 0, licencesFailed: 0 };
    for await (const licenceNumber of this.finder.findDue(asOf)) {
      const streamId = licenceStreamId(licenceNumber);
      try {
        const { eventsAppended } = await this.licences.handle(
          licenceNumber,
          { type: 'ApplyDueChanges', data: { asOf } },
          {
            commandId: `apply-due-changes:${asOf}:${streamId}`,
            actor: context.actor,
            correlationId: context.correlationId ?? context.commandId,
            causationId: context.commandId,
          },
        );
        if (eventsAppended > 0) {
          report.licencesChanged++;
          report.eventsAppended += eventsAppended;
        }
      } catch (error) {
        // One licence the law refuses (or a lost race) must not stop the others' decisions; anything
        // else (the store is down) stops the run, which is safe to start again.
        if (!isDomainError(error)) throw error;
        report.licencesFailed++;
        this.logger.error(`${streamId}: ${error.code} ${error.message}`);
      }
    }
    return report;
  }
}
