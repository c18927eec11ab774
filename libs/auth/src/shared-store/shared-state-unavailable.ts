/**
 * The store every API instance shares (sessions, the audit, the rate-limit counters) did not
 * answer: the request is refused whole with 503 and this code, never served without its session
 * check, its audit line or its count. The cause goes to the log only.
 */
export class SharedStateUnavailableError extends Error {
  readonly code = 'SHARED_STATE.UNAVAILABLE';
  readonly httpStatus = 503;

  constructor(
    readonly what: string,
    options?: { cause?: unknown },
  ) {
    super('The service cannot reach its session and audit store at the moment: try again in a few moments.', options);
    this.name = 'SharedStateUnavailableError';
  }
}

export const SHARED_STATE_UNAVAILABLE = 'SHARED_STATE.UNAVAILABLE';

export const isSharedStateUnavailable = (error: unknown): error is SharedStateUnavailableError =>
  error instanceof SharedStateUnavailableError ||
  (error instanceof Error && (error as { code?: unknown }).code === SHARED_STATE_UNAVAILABLE);

/** Runs `work`; any failure of the store becomes a SharedStateUnavailableError naming `what`. */
export async function orUnavailable<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (cause) {
    if (isSharedStateUnavailable(cause)) throw cause;
    throw new SharedStateUnavailableError(what, { cause });
  }
}
