import { DomainError, type ErrorCategory } from '@ledger/domain';

/**
 * A refusal that comes from handling a command rather than from the law (a lost race, a reused
 * command id). It has the DomainError shape — code, category, clerk message — and is one, so the
 * transports map both kinds to `extensions.code` in one place (CONVENTIONS 10).
 */
export class ApplicationError extends DomainError {
  constructor(code: string, category: ErrorCategory, message: string, details: Record<string, unknown> = {}) {
    super(code, category, message, details);
    this.name = 'ApplicationError';
  }
}

export const ApplicationErrors = {
  concurrentUpdate: (attempts: number) =>
    new ApplicationError(
      'LICENCE.CONCURRENT_UPDATE',
      'CONFLICT',
      'The licence was changed by someone else at the same time; please try again.',
      { attempts },
    ),
  commandIdReused: (commandId: string) =>
    new ApplicationError(
      'COMMAND.ID_REUSED',
      'CONFLICT',
      `Command id ${commandId} was already used for a different command; send this command with a new command id.`,
      { commandId },
    ),
} as const;
