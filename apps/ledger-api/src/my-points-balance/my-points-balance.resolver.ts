import { Args, Context, Info, Query, Resolver } from '@nestjs/graphql';
import { Clock } from '@ledger/application';
import { requireHolder } from '@ledger/auth';
import { confirmLicenceNumber, DomainError, matchesHolder } from '@ledger/domain';
import { PointsBalance } from '../graphql/balance.types';
import type { GraphqlContext } from '../graphql/graphql-context';
import { selects, type SelectionInfo } from '../graphql/selection';
import { ConsultationAudit } from '../consultations/consultation-audit';
import { presentBalance } from '../licence-views/licence-presenter';
import { LicenceReader } from '../licence-views/licence-reader';
import { LetterReader } from '../licence-views/letter-reader';

/**
 * One refusal for an unknown number and for someone else's number alike: the answer must not
 * reveal whether a licence exists to someone not entitled to it (RULES §8).
 */
const notAvailable = () =>
  new DomainError(
    'BALANCE.NOT_AVAILABLE',
    'FORBIDDEN',
    "Aucun solde ne peut être affiché pour ce numéro avec l'identité FranceConnect utilisée. Vérifiez le numéro inscrit sur votre permis.",
  );

@Resolver(() => PointsBalance)
export class MyPointsBalanceResolver {
  constructor(
    private readonly licences: LicenceReader,
    private readonly letters: LetterReader,
    private readonly audit: ConsultationAudit,
    private readonly clock: Clock,
  ) {}

  @Query(() => PointsBalance, {
    description:
      "The signed-in holder's balance (FranceConnect session), as on the balance page: the licence number is typed twice. Refused unless the session's identity matches the holder of that licence; the refusal is the same whether or not the number exists.",
  })
  async myPointsBalance(
    @Args('licenceNumber') licenceNumber: string,
    @Args('licenceNumberConfirmation') licenceNumberConfirmation: string,
    @Context() context: GraphqlContext,
    @Info() info?: SelectionInfo,
  ): Promise<PointsBalance> {
    const holder = requireHolder(context.caller);
    const canonical = confirmLicenceNumber(licenceNumber, licenceNumberConfirmation);
    const licence = await this.licences.findLicence(canonical);
    if (!licence || !matchesHolder(holder.identity, licence.file.holder)) throw notAvailable();
    const asOf = this.clock.today();
    await this.audit.record({
      licenceNumber: canonical,
      consultedAt: new Date().toISOString(),
      consultedBy: 'holder',
      role: 'HOLDER',
      operation: 'myPointsBalance',
      asOf,
    });
    const { rawPoints: _raw, ...balance } = presentBalance(licence, asOf);
    return {
      ...balance,
      // Read only when the query asks for them (the balance page does not): the answer carries
      // nothing else of them. Read at the same point as before when asked for, so a failure is the same.
      letters: selects(info, 'letters') ? await this.letters.lettersFor(canonical, 'holder') : [],
      consultations: await this.audit.listFor(canonical),
    };
  }
}
