import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { Clock } from '@ledger/application';
import { requireRole } from '@ledger/auth';
import { LetterQueries } from '@ledger/read-models/letters';
import { LetterChannelEnum } from '../../graphql/enums';
import type { GraphqlContext } from '../../graphql/graphql-context';
import { PrintRunLetter } from '../../graphql/letters.types';
import { DateScalar } from '../../graphql/scalars';
import { presentPrintRunLetter } from '../letter-presenter';
import { requirePrintRunDate } from './print-run-date';

/** Staff print the day's mail: the letters issued on a date, by channel (RULES §6). */
@Resolver(() => PrintRunLetter)
export class PrintRunResolver {
  constructor(
    private readonly letters: LetterQueries,
    private readonly clock: Clock,
  ) {}

  @Query(() => [PrintRunLetter], {
    description:
      'Staff with role ledger.reader: the letters issued on a date (not after today), of one channel or all, in printing order (registered with receipt first). The combined PDF is at /letters/print-run/<date>.pdf?channel=<channel>.',
  })
  async printRun(
    @Args('issuedOn', { type: () => DateScalar }) issuedOn: string,
    @Args('channel', { type: () => LetterChannelEnum, nullable: true })
    channel: keyof typeof LetterChannelEnum | null | undefined,
    @Context() context: GraphqlContext,
  ): Promise<PrintRunLetter[]> {
    requireRole(context.caller, 'ledger.reader');
    const date = requirePrintRunDate(issuedOn, this.clock.today());
    return (await this.letters.printRun(date, channel ?? null)).map(presentPrintRunLetter);
  }
}
