import type { ExpectedVersion } from './event-store.port';

/**
 * Errors of the event store, shaped like the domain's errors (a stable `code` and a transport
 * `category`, CONVENTIONS 10) without importing the domain: the store stays generic, and the one
 * GraphQL mapper can treat both alike. Every adapter maps its own conflict error to these classes.
 */
export type EventStoreErrorCategory = 'VALIDATION' | 'CONFLICT' | 'UNAVAILABLE';

export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  abstract readonly category: EventStoreErrorCategory;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

const describeVersion = (version: ExpectedVersion): string =>
  version === 'no_stream' ? 'no stream' : `version ${version.toString()}`;

/** The stream moved since the caller read it: re-read, decide again, retry (CONVENTIONS 5). */
export class ConcurrencyError extends EventStoreError {
  readonly code = 'EVENT_STORE.CONCURRENCY';
  readonly category = 'CONFLICT';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: ExpectedVersion,
  ) {
    super(
      `Stream "${streamId}" was expected at ${describeVersion(expectedVersion)} but is at ${describeVersion(actualVersion)}: ` +
        'someone else wrote to it meanwhile.',
    );
  }
}

/**
 * Some of the event ids are already stored, but not as a whole retry of the same batch on the same
 * stream. Retrying cannot fix this, so it is not a ConcurrencyError: it signals a commandId reused
 * for a different command, or a batch that changed between attempts.
 */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
  readonly category = 'CONFLICT';

  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
    reason: string,
  ) {
    super(`Cannot append to stream "${streamId}": event id(s) ${eventIds.join(', ')} ${reason}.`);
  }
}

/** An event the store refuses before writing anything (bad id, unserialisable data, ...). */
export class InvalidEventError extends EventStoreError {
  readonly code = 'EVENT_STORE.INVALID_EVENT';
  readonly category = 'VALIDATION';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A position or version that is not a canonical decimal string or a bigint (boundary checks). */
export class InvalidPositionError extends EventStoreError {
  readonly code = 'EVENT_STORE.INVALID_POSITION';
  readonly category = 'VALIDATION';

  constructor(message: string) {
    super(message);
  }
}

/** A stored event whose schema version no registered upcaster chain can bring up to date. */
export class UpcastError extends EventStoreError {
  readonly code = 'EVENT_STORE.UPCAST_FAILED';
  readonly category = 'VALIDATION';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The store's server could not be reached (EventStoreDB down, restarting, or unreachable), or the
 * connection dropped before it answered. Retriable: a command retried with the same commandId gets
 * the same event ids, so an append that did land before the drop is recognised and not repeated.
 */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  readonly category = 'UNAVAILABLE';
  readonly retriable = true;

  constructor(operation: string, options?: { cause?: unknown }) {
    super(
      `The event store is unavailable (${operation} failed): its server cannot be reached or dropped ` +
        'the connection. Try again in a moment: a retried command stores its events at most once.',
      options,
    );
  }
}
