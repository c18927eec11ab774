import { BadRequestException, type ArgumentsHost } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { unauthenticated } from '@ledger/auth';
import { DomainError } from '@ledger/domain';
import { EventStoreUnavailableError } from '@ledger/event-store';
import { ExpectedRefusalsFilter } from './expected-refusals.filter';

const graphqlHost = { getType: () => 'graphql' } as unknown as ArgumentsHost;

describe('refusals the caller caused are answered without being logged as faults', () => {
  const filter = new ExpectedRefusalsFilter();

  it.each([
    ['a rule of the law', new DomainError('INFRACTION.ALREADY_ESTABLISHED', 'CONFLICT', 'Déjà établie.')],
    ['no credentials', unauthenticated('Sign in with FranceConnect to see your licence.')],
    ['invalid input', new BadRequestException(['licenceNumber must be a string'])],
    ['a rate limit', new ThrottlerException()],
  ])('%s goes to Apollo as it is', (_what, refusal) => {
    expect(filter.catch(refusal, graphqlHost)).toBe(refusal);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'points')")],
    ['a store that failed', Object.assign(new Error('SQLITE_IOERR'), { code: 'SQLITE_IOERR' })],
    ['the event store out of reach', new EventStoreUnavailableError('append')],
  ])('%s is left to Nest, which logs it as an error', (_what, fault) => {
    expect(filter.catch(fault, graphqlHost)).toBeUndefined();
  });
});
