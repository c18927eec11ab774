import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApplyDueChangesCommand,
  CancelInfractionCommand,
  Clock,
  EstablishInfractionCommand,
  IssueLicenceCommand,
  RecordComplementaryTrainingCommand,
  RecordInfractionCommand,
  RecordInvalidationDeliveredCommand,
  RecordLicenceSurrenderedCommand,
  RecordTrainingCourseCommand,
  type CommandContext,
  type LicenceCommandResult,
} from '@ledger/application';
import { requireRole, staffActor } from '@ledger/auth';
import { LicenceErrors, type CivilStatus } from '@ledger/domain';
import { DueChangesReport, LicenceFile } from '../graphql/licence-file.types';
import type { GraphqlContext } from '../graphql/graphql-context';
import {
  CancelInfractionInput,
  EstablishInfractionInput,
  IssueLicenceInput,
  RecordComplementaryTrainingInput,
  RecordInfractionInput,
  RecordInvalidationDeliveredInput,
  RecordLicenceSurrenderedInput,
  RecordTrainingCourseInput,
} from '../graphql/inputs';
import { DateScalar } from '../graphql/scalars';
import { ConsultationAudit } from '../consultations/consultation-audit';
import { presentLicenceFile } from '../licence-views/licence-presenter';
import { LicenceReader } from '../licence-views/licence-reader';
import { LetterReader } from '../licence-views/letter-reader';

/** How long a clerk's answer waits for the read model to apply their own write. */

/** Drops GraphQL nulls: the domain's optional fields are absent, never null. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as never;
}

/** Staff with role ledger.clerk record facts; each input's commandId makes a retry harmless. */
@Resolver(() => LicenceFile)
export class LicenceMutationsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly licences: LicenceReader,
    private readonly letters: LetterReader,
    private readonly audit: ConsultationAudit,
    private readonly clock: Clock,
  ) {}

  @Mutation(() => LicenceFile)
  async issueLicence(
    @Args('input') input: IssueLicenceInput,
    @Context() ctx: GraphqlContext,
  ): Promise<LicenceFile> {
    const context = this.clerk(ctx, input.commandId);
    const { holder, address, openingBalance, earlyLearning, previousLicenceNumber } = input;
    return this.answer(
      await this.commands.execute(
        new IssueLicenceCommand(
          input.licenceNumber,
          defined({
            issuedOn: input.issuedOn,
            holder: defined({ ...holder }) as CivilStatus,
            probationary: input.probationary,
            earlyLearning: earlyLearning ?? false,
            openingBalance,
            address: address ? defined({ ...address, lines: [...address.lines] }) : undefined,
            previousLicenceNumber: previousLicenceNumber ?? undefined,
          }),
          context,
        ),
      ),
      context,
      'issueLicence',
    );
  }

  @Mutation(() => LicenceFile)
  async recordInfraction(
    @Args('input') input: RecordInfractionInput,
    @Context() ctx: GraphqlContext,
  ): Promise<LicenceFile> {
    const context = this.clerk(ctx, input.commandId);
    const { commandId: _c, licenceNumber, ...data } = input;
    return this.answer(
      await this.commands.execute(new RecordInfractionCommand(licenceNumber, defined({ ...data }), context)),
      context,
      'recordInfraction',
    );
  }

  @Mutation(() => LicenceFile)
  async establishInfraction(
    @Args('input') input: EstablishInfractionInput,
    @Context() ctx: GraphqlContext,
  ): Promise<LicenceFile> {
    const context = this.clerk(ctx, input.commandId);
    const { infractionId, mode, establishedOn } = input;
    return this.answer(
      await this.commands.execute(
        new EstablishInfractionCommand(input.licenceNumber, { infractionId, mode, establishedOn }, context),
      ),
      context,
      'establishInfraction',
    );
  }

  @Mutation(() => LicenceFile)
  async cancelInfraction(
    @Args('input') input: CancelInfractionInput,
    @Context() ctx: GraphqlContext,
  ): Promise<LicenceFile> {
    const context = this.clerk(ctx, input.commandId);
    const { infractionId, cancelledOn, reason } = input;
    return this.answer(
      await this.commands.execute(
        new CancelInfractionCommand(input.licenceNumber, { infractionId, cancelledOn, reason }, context),
      ),
      context,
      'cancelInfraction',
    );
  }

  @Mutation(() => LicenceFile)
  async recordTrainingCourse(
    @Args('input') input: RecordTrainingCourseInput,
    @Context() ctx: GraphqlContext,
  ): Promise<LicenceFile> {
    const context = this.clerk(ctx, input.commandId);
    const { courseId, firstDay, lastDay } = input;
    return this.answer(
      await this.commands.execute(
        new RecordTrainingCourseCommand(input.licenceNumber, { courseId, firstDay, lastDay }, context),
      ),
      context,
      'recordTrainingCourse',
    );
  }

  @Mutation(() => LicenceFile)
  async recordComplementaryTraining(
    @Args('input') input: RecordComplementaryTrainingInput,
    @Context() ctx: GraphqlContext,
  ): Promise<LicenceFile> {
    const context = this.clerk(ctx, input.commandId);
    return this.answer(
      await this.commands.execute(
        new RecordComplementaryTrainingCommand(
          input.licenceNumber,
          { completedOn: input.completedOn },
          context,
        ),
      ),
      context,
      'recordComplementaryTraining',
    );
  }

  @Mutation(() => LicenceFile)
  async recordInvalidationDelivered(
    @Args('input') input: RecordInvalidationDeliveredInput,
    @Context() ctx: GraphqlContext,
  ): Promise<LicenceFile> {
    const context = this.clerk(ctx, input.commandId);
    return this.answer(
      await this.commands.execute(
        new RecordInvalidationDeliveredCommand(
          input.licenceNumber,
          { deliveredOn: input.deliveredOn },
          context,
        ),
      ),
      context,
      'recordInvalidationDelivered',
    );
  }

  @Mutation(() => LicenceFile)
  async recordLicenceSurrendered(
    @Args('input') input: RecordLicenceSurrenderedInput,
    @Context() ctx: GraphqlContext,
  ): Promise<LicenceFile> {
    const context = this.clerk(ctx, input.commandId);
    return this.answer(
      await this.commands.execute(
        new RecordLicenceSurrenderedCommand(
          input.licenceNumber,
          { surrenderedOn: input.surrenderedOn },
          context,
        ),
      ),
      context,
      'recordLicenceSurrendered',
    );
  }

  @Mutation(() => DueChangesReport, {
    description:
      'Role ledger.system: append every decision whose date is on or before asOf (the daily run). asOf may not be after today.',
  })
  async applyDueChanges(
    @Args('asOf', { type: () => DateScalar }) asOf: string,
    @Context() ctx: GraphqlContext,
  ): Promise<DueChangesReport> {
    const staff = requireRole(ctx.caller, 'ledger.system');
    const report = await this.commands.execute(
      new ApplyDueChangesCommand(asOf, {
        commandId: `apply-due-changes:${asOf}`,
        actor: staffActor(staff),
        correlationId: ctx.requestId,
      }),
    );
    return {
      asOf: report.asOf,
      licencesChanged: report.licencesChanged,
      eventsAppended: report.eventsAppended,
    };
  }

  private clerk(ctx: GraphqlContext, commandId: string): CommandContext {
    const staff = requireRole(ctx.caller, 'ledger.clerk');
    return { commandId, actor: staffActor(staff), correlationId: ctx.requestId };
  }

  /** The answer shows the file, so it is a consultation too (RULES §8: every consultation, by anyone). */
  private async recordConsultation(
    context: CommandContext,
    licenceNumber: string,
    operation: string,
    asOf: string,
  ) {
    await this.audit.record({
      licenceNumber,
      consultedAt: new Date().toISOString(),
      consultedBy: context.actor,
      role: 'LEDGER_CLERK',
      operation,
      asOf,
    });
  }

  /** The licence file as the clerk's own write left it (read-your-writes on the read model). */
  private async answer(
    result: LicenceCommandResult,
    context: CommandContext,
    operation: string,
  ): Promise<LicenceFile> {
    await this.licences.waitForOwnWrite(BigInt(result.globalPosition));
    const licence = await this.licences.findLicence(result.licenceNumber);
    if (!licence) throw LicenceErrors.unknownLicence(result.licenceNumber);
    const today = this.clock.today();
    await this.recordConsultation(context, result.licenceNumber, operation, today);
    return presentLicenceFile(licence, today, {
      letters: await this.letters.lettersFor(result.licenceNumber, 'staff'),
      consultations: await this.audit.listFor(result.licenceNumber),
    });
  }
}
