/**
 * Refusals of the authentication layer, typed and coded like the domain's errors (CONVENTIONS 10) so
 * that the GraphQL layer maps them in the same one place: UNAUTHENTICATED when the caller has not
 * proved who they are (or the proof is invalid), FORBIDDEN when they have but may not do this.
 */
export type AuthErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN';

export class AuthError extends Error {
  /** Same as the code: the category a transport maps to a status (401 / 403). */
  readonly category: AuthErrorCode;

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** For logs only, never for the caller: why a token or session was refused. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AuthError';
    this.category = code;
  }
}

export const isAuthError = (error: unknown): error is AuthError =>
  error instanceof AuthError ||
  (error instanceof Error && error.name === 'AuthError' && typeof (error as AuthError).code === 'string');

export const unauthenticated = (message: string, details?: Record<string, unknown>): AuthError =>
  new AuthError('UNAUTHENTICATED', message, details);

export const forbidden = (message: string, details?: Record<string, unknown>): AuthError =>
  new AuthError('FORBIDDEN', message, details);
