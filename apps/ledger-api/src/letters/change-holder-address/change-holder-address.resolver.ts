import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { ChangeHolderAddressCommand, Clock, type CommandContext } from '@ledger/application';
import { requireRole, staffActor } from '@ledger/auth';
import { LicenceErrors, type PostalAddress } from '@ledger/domain';
import { ConsultationAudit } from '../../consultations/consultation-audit';
import type { GraphqlContext } from '../../graphql/graphql-context';
import { ChangeHolderAddressInput } from '../../graphql/inputs';
import { LicenceFile } from '../../graphql/licence-file.types';
import { presentLicenceFile } from '../../licence-views/licence-presenter';
import { LetterReader } from '../../licence-views/letter-reader';
import { LicenceReader } from '../../licence-views/licence-reader';

/**
 * A clerk records the holder's new postal address (a fact, HolderAddressChanged): the letters
 * issued from then on are sent there; those already issued keep the address they were written to.
 */
@Resolver(() => LicenceFile)
export class ChangeHolderAddressResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly licences: LicenceReader,
    private readonly letters: LetterReader,
    private readonly audit: ConsultationAudit,
    private readonly clock: Clock,
  ) {}

  @Mutation(() => LicenceFile, {
    description:
      'Role ledger.clerk: record the holder’s new postal address (an addition to the contract). Sending the same command again changes nothing; the same address as on file records nothing.',
  })
  async changeHolderAddress(
    @Args('input') input: ChangeHolderAddressInput,
    @Context() ctx: GraphqlContext,
  ): Promise<LicenceFile> {
    const staff = requireRole(ctx.caller, 'ledger.clerk');
    const context: CommandContext = {
      commandId: input.commandId,
      actor: staffActor(staff),
      correlationId: ctx.requestId,
    };
    const { lines, postalCode, city, country } = input.address;
    const address: PostalAddress = { lines: [...lines], postalCode, city, ...(country ? { country } : {}) };
    const result = await this.commands.execute(
      new ChangeHolderAddressCommand(input.licenceNumber, { address, changedOn: input.changedOn }, context),
    );
    await this.licences.waitForOwnWrite(BigInt(result.globalPosition));
    const licence = await this.licences.findLicence(result.licenceNumber);
    if (!licence) throw LicenceErrors.unknownLicence(result.licenceNumber);
    const today = this.clock.today();
    // The answer shows the file: a consultation too (RULES §8).
    await this.audit.record({
      licenceNumber: result.licenceNumber,
      consultedAt: new Date().toISOString(),
      consultedBy: context.actor,
      role: 'LEDGER_CLERK',
      operation: 'changeHolderAddress',
      asOf: today,
    });
    return presentLicenceFile(licence, today, {
      letters: await this.letters.lettersFor(result.licenceNumber, 'staff'),
      consultations: await this.audit.listFor(result.licenceNumber),
    });
  }
}
