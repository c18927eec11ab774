import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { Clock } from '@ledger/application';
import { requireRole, staffActor } from '@ledger/auth';
import { LicenceErrors, parseLicenceNumber } from '@ledger/domain';
import { LicenceFile } from '../graphql/licence-file.types';
import type { GraphqlContext } from '../graphql/graphql-context';
import { DateScalar } from '../graphql/scalars';
import { ConsultationAudit } from '../consultations/consultation-audit';
import { presentLicenceFile } from '../licence-views/licence-presenter';
import { LicenceReader } from '../licence-views/licence-reader';
import { LetterReader } from '../licence-views/letter-reader';

@Resolver(() => LicenceFile)
export class LicenceFileResolver {
  constructor(
    private readonly licences: LicenceReader,
    private readonly letters: LetterReader,
    private readonly audit: ConsultationAudit,
    private readonly clock: Clock,
  ) {}

  @Query(() => LicenceFile, {
    description:
      'Staff with role ledger.reader: the whole file of one licence, evaluated at asOf (default: today). A past date answers "what did the ledger hold for that day, knowing what we know now"; a future date shows the balance if no new infraction is committed. Every call is recorded.',
  })
  async licenceFile(
    @Args('licenceNumber') licenceNumber: string,
    @Args('asOf', { type: () => DateScalar, nullable: true }) asOf: string | null | undefined,
    @Context() context: GraphqlContext,
  ): Promise<LicenceFile> {
    const staff = requireRole(context.caller, 'ledger.reader');
    const canonical = parseLicenceNumber(licenceNumber);
    const licence = await this.licences.findLicence(canonical);
    if (!licence) throw LicenceErrors.unknownLicence(canonical);
    const date = asOf ?? this.clock.today();
    await this.audit.record({
      licenceNumber: canonical,
      consultedAt: new Date().toISOString(),
      consultedBy: staffActor(staff),
      role: 'LEDGER_READER',
      operation: 'licenceFile',
      asOf: date,
    });
    return presentLicenceFile(licence, date, {
      letters: await this.letters.lettersFor(canonical, 'staff'),
      consultations: await this.audit.listFor(canonical),
    });
  }
}
