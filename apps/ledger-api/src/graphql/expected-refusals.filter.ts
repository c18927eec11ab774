import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import { isExpectedRefusal } from './error-formatting';

/**
 * Nest logs every error a resolver throws, with its stack, as an ERROR: a holder's mistyped number
 * or a clerk's refused command would flood the service's log and hide its real faults. Refusals the
 * caller caused go straight to Apollo (formatGraphqlError gives their code and message); anything
 * else, and every error of the plain HTTP routes, takes Nest's default path, which logs it.
 */
@Catch()
export class ExpectedRefusalsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() !== 'graphql') return super.catch(exception, host);
    // Returned, a GraphQL filter's error is thrown to graphql-js; undefined means "not handled":
    // Nest's external handler then logs and rethrows it.
    return isExpectedRefusal(exception) ? exception : undefined;
  }
}
