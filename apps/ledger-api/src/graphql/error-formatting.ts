import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException } from '@nestjs/common';
import { isDomainError } from '@ledger/domain';
import { ReadModelLaggingError } from '../licence-views/read-model-lagging.error';

/** GraphQL codes for the domain's error categories (CONVENTIONS 10). */
const CATEGORY_CODES = {
  VALIDATION: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
} as const;

/** Any error carrying its own code (the auth layer's errors), without depending on their classes. */
function codedError(error: unknown): { code: string; message: string } | null {
  if (
    error &&
    typeof error === 'object' &&
    'code' in error &&
    typeof (error as { code: unknown }).code === 'string'
  ) {
    const { code, message } = error as { code: string; message: string };
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code.includes('.')) return { code, message };
  }
  return null;
}

/**
 * A refusal the caller caused and is told about (a rule of the law, bad input, no or wrong
 * credentials, a limit): not a fault of the service, so not logged as an error.
 */
export function isExpectedRefusal(error: unknown): boolean {
  if (isDomainError(error)) return true;
  const coded = codedError(error);
  // The event store's errors (unreachable, an event it cannot upcast) are the service's faults.
  if (coded) return !coded.code.startsWith('EVENT_STORE.');
  return error instanceof HttpException && error.getStatus() < 500;
}

/**
 * The one place where errors become GraphQL errors: domain refusals keep their code and clerk
 * message, input validation says which field is wrong, anything else is an internal error whose
 * detail stays in the log. No stack trace leaves the server outside development.
 */
export function formatGraphqlError(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (isDomainError(original)) {
      return {
        ...base,
        message: original.message,
        extensions: {
          code: original.code,
          category: CATEGORY_CODES[original.category],
          ...(development ? { details: original.details } : {}),
        },
      };
    }
    if (original instanceof HttpException && original.getStatus() === 400) {
      const response = original.getResponse() as { message?: string | string[] };
      const messages = Array.isArray(response.message)
        ? response.message
        : [String(response.message ?? original.message)];
      return {
        ...base,
        message: `Invalid input: ${messages.join('; ')}`,
        extensions: { code: 'BAD_USER_INPUT', category: 'BAD_USER_INPUT', messages },
      };
    }
    if (original instanceof ReadModelLaggingError) {
      // Not a refusal: the command is recorded. Its position tells the client what to wait for.
      return {
        ...base,
        message: original.message,
        extensions: { code: original.code, position: original.position },
      };
    }
    const coded = codedError(original);
    if (coded)
      return { ...base, message: coded.message, extensions: { code: coded.code, category: coded.code } };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      // Errors of the GraphQL layer itself (parse, validation, limits): their message is safe.
      return { ...base, extensions: { code } };
    }
    return {
      ...base,
      message: development ? formatted.message : 'An internal error occurred; it has been logged.',
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        ...(development && formatted.extensions?.stacktrace
          ? { stacktrace: formatted.extensions.stacktrace }
          : {}),
      },
    };
  };
}
