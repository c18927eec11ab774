/**
 * Every refusal of the law is a typed, coded error (CONVENTIONS 10): a stable code for programs, a
 * category for transports (GraphQL maps it in one place), and a message a clerk understands.
 */
export type ErrorCategory = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly category: ErrorCategory,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
