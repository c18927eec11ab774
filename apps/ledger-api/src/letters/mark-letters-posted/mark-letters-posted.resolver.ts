import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { RecordLetterPostedCommand, type LicenceCommandResult } from '@ledger/application';
import { requireRole, staffActor } from '@ledger/auth';
import { LetterErrors } from '@ledger/letters';
import { LetterQueries } from '@ledger/read-models/letters';
import type { GraphqlContext } from '../../graphql/graphql-context';
import { MarkLettersPostedInput, MAX_LETTERS_POSTED_AT_ONCE } from '../../graphql/inputs';
import { LetterPosting, MarkLettersPostedReport } from '../../graphql/letters.types';
import { LicenceReader } from '../../licence-views/licence-reader';

/**
 * A clerk records that letters were handed to the post: a LetterPosted fact on each letter's
 * licence stream. Each letter is its own command (`<commandId>:<letterId>`), so a retry of the
 * whole request, or of a part that failed, records nothing twice; and the decider records only the
 * first posting of a letter, so posting a letter twice records it once.
 */
@Resolver(() => MarkLettersPostedReport)
export class MarkLettersPostedResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly letters: LetterQueries,
    private readonly licences: LicenceReader,
  ) {}

  @Mutation(() => MarkLettersPostedReport, {
    description: `Role ledger.clerk: record that letters (1 to ${MAX_LETTERS_POSTED_AT_ONCE}) were handed to the post on postedOn. Unknown letter ids are refused and nothing is recorded; a letter already posted keeps its first posting date.`,
  })
  async markLettersPosted(
    @Args('input') input: MarkLettersPostedInput,
    @Context() ctx: GraphqlContext,
  ): Promise<MarkLettersPostedReport> {
    const staff = requireRole(ctx.caller, 'ledger.clerk');
    const ids = input.letterIds;
    if (ids.length > MAX_LETTERS_POSTED_AT_ONCE)
      throw LetterErrors.tooManyLetters(ids.length, MAX_LETTERS_POSTED_AT_ONCE);
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (duplicates.length > 0) throw LetterErrors.duplicateLetters([...new Set(duplicates)]);

    // Every letter is checked before anything is recorded.
    const found = await this.letters.findLetters(ids);
    const unknown = ids.filter((id) => !found.some((letter) => letter.letterId === id));
    if (unknown.length > 0) throw LetterErrors.unknownLetters(unknown);
    for (const letter of found) {
      if (input.postedOn < letter.issuedOn)
        throw LetterErrors.postedBeforeIssue(letter.letterId, input.postedOn, letter.issuedOn);
    }

    const results: Array<{ letterId: string; licenceNumber: string; result: LicenceCommandResult }> = [];
    for (const letter of found) {
      const result = await this.commands.execute(
        new RecordLetterPostedCommand(
          letter.licenceNumber,
          { letterId: letter.letterId, postedOn: input.postedOn },
          {
            commandId: `${input.commandId}:${letter.letterId}`,
            actor: staffActor(staff),
            correlationId: ctx.requestId,
          },
        ),
      );
      results.push({ letterId: letter.letterId, licenceNumber: letter.licenceNumber, result });
    }
    const last = results.reduce(
      (max, { result }) => (BigInt(result.globalPosition) > max ? BigInt(result.globalPosition) : max),
      0n,
    );
    await this.licences.waitForOwnWrite(last);

    const posted = new Map(
      (await this.letters.findLetters(ids)).map((letter) => [letter.letterId, letter.postedOn]),
    );
    const letters: LetterPosting[] = results.map(({ letterId, licenceNumber, result }) => ({
      letterId,
      licenceNumber,
      postedOn: posted.get(letterId) ?? input.postedOn,
      newlyRecorded: result.eventsAppended > 0 && posted.get(letterId) === input.postedOn,
    }));
    const newlyRecorded = letters.filter((l) => l.newlyRecorded).length;
    return { newlyRecorded, alreadyRecorded: letters.length - newlyRecorded, letters };
  }
}
