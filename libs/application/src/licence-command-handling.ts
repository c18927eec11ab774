import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  decide,
  evolve,
  initialState,
  licenceStreamId,
  parseLicenceNumber,
  schemaVersionOf,
  isFact,
  type LicenceCommand,
  type LicenceFact,
  type LicenceEvent,
  DomainError,
} from '@ledger/domain';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EVENT_STORE,
  eventIdFor,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';
import { Clock } from './clock/clock';
import type { CommandContext } from './command-context';
import { COMMAND_OBSERVER, type CommandObserver, type CommandOutcome } from './command-observer';
import { ApplicationErrors } from './errors/application-error';
import type { LicenceCommandResult } from './licence-command-result';

/** A licence command as a handler builds it: the clock adds `today`. */
export type LicenceCommandInput = LicenceCommand extends infer C
  ? C extends LicenceCommand
    ? Omit<C, 'today'>
    : never
  : never;

/** How hard to try when another writer appended to the same licence between our read and append. */
export interface ConflictRetry {
  maxAttempts: number;
  /** Upper bound of the random wait before the 2nd attempt; doubles on each further attempt. */
  baseDelayMs: number;
}

export const DEFAULT_CONFLICT_RETRY: ConflictRetry = { maxAttempts: 5, baseDelayMs: 5 };
export const CONFLICT_RETRY = Symbol('CONFLICT_RETRY');

export interface HandleLicenceCommandArgs {
  /** Canonical licence number (already parsed). */
  licenceNumber: string;
  command: LicenceCommand;
  context: CommandContext;
  retry?: ConflictRetry;
  /** Told of each new attempt after a conflict (the metrics). */
  onConflictRetry?: () => void;
}

/**
 * Read → decide → append with the expected version (CONVENTIONS 5), retried a bounded number of
 * times when another writer won the race; the decision is then taken again on the newer stream.
 *
 * Event ids derive from the commandId, so a command sent again cannot append twice. And because a
 * second decide on a stream that already holds the command's events could decide something else (or
 * refuse: "already issued"), a command whose first event is already in the stream is answered from
 * what it appended the first time, without deciding again.
 */
export async function handleLicenceCommand(
  store: EventStore,
  { licenceNumber, command, context, retry = DEFAULT_CONFLICT_RETRY, onConflictRetry }: HandleLicenceCommandArgs,
): Promise<LicenceCommandResult> {
  const streamId = licenceStreamId(licenceNumber);
  // The id of the command's first event: what recognises a retry, and the id it appends under.
  const firstEventId = eventIdFor(context.commandId, 0);
  for (let attempt = 1; ; attempt++) {
    const { events, currentVersion } = await store.readStream(streamId);
    const earlier = earlierResult(events, licenceNumber, context.commandId, firstEventId);
    if (earlier) return earlier;

    const state = events.reduce((current, event) => evolve(current, toLicenceEvent(event)), initialState());
    const decided = decide(command, state);
    if (decided.length === 0) {
      const lastPosition = events.length ? events[events.length - 1].globalPosition : 0n;
      return {
        licenceNumber,
        streamVersion: versionString(currentVersion),
        eventsAppended: 0,
        globalPosition: lastPosition.toString(),
      };
    }

    try {
      const appended = await store.appendToStream(
        streamId,
        currentVersion,
        decided.map((event, index) =>
          toNewEvent(
            event,
            index === 0 ? firstEventId : eventIdFor(context.commandId, index),
            context,
            command.today,
          ),
        ),
      );
      if (appended.appended) {
        return {
          licenceNumber,
          streamVersion: appended.nextExpectedVersion.toString(),
          eventsAppended: decided.length,
          globalPosition: appended.lastGlobalPosition.toString(),
        };
      }
      // The store already held these event ids: the same command was appended by a concurrent
      // retry. Answer what that append did; ids found elsewhere mean the id belongs to another licence.
      const again = earlierResult(
        (await store.readStream(streamId)).events,
        licenceNumber,
        context.commandId,
        firstEventId,
      );
      if (again) return again;
      throw ApplicationErrors.commandIdReused(context.commandId);
    } catch (error) {
      // Ids stored on another stream, or a different batch under the same ids: the client reused a
      // commandId for another command. Retrying cannot help.
      if (error instanceof DuplicateEventIdError) throw ApplicationErrors.commandIdReused(context.commandId);
      if (!(error instanceof ConcurrencyError)) throw error;
      if (attempt >= retry.maxAttempts) throw ApplicationErrors.concurrentUpdate(attempt);
      onConflictRetry?.();
      await sleep(Math.random() * retry.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

/**
 * The one service the licence command handlers share: it normalises the number, reads the clock,
 * and runs the loop above against the configured store.
 */
@Injectable()
export class LicenceCommandHandling {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(CONFLICT_RETRY) private readonly retry: ConflictRetry,
    @Optional() @Inject(COMMAND_OBSERVER) private readonly observer?: CommandObserver,
  ) {}

  /** The facts recorded on a licence number, as typed (none when it is not one). */
  factsOf(licenceNumber: string): Promise<LicenceFact[]> {
    return factsOfLicence(this.store, licenceNumber);
  }

  /**
   * `licenceNumber` as typed: refused with LICENCE.MALFORMED_NUMBER unless it is one (RULES §7).
   * Async so that every refusal is a rejected promise, never a synchronous throw out of the bus.
   */
  async handle(
    licenceNumber: string,
    command: LicenceCommandInput,
    context: CommandContext,
  ): Promise<LicenceCommandResult> {
    const observer = this.observer;
    if (!observer) return this.decideAndAppend(licenceNumber, command, context);
    try {
      const result = await this.decideAndAppend(licenceNumber, command, context, () =>
        observer.commandRetriedAfterConflict(command.type),
      );
      observer.commandSettled(
        command.type,
        result.eventsAppended > 0
          ? { outcome: 'appended', eventsAppended: result.eventsAppended }
          : { outcome: 'unchanged' },
      );
      return result;
    } catch (error) {
      observer.commandSettled(command.type, refusalOf(error));
      throw error;
    }
  }

  private async decideAndAppend(
    licenceNumber: string,
    command: LicenceCommandInput,
    context: CommandContext,
    onConflictRetry?: () => void,
  ): Promise<LicenceCommandResult> {
    const canonical = parseLicenceNumber(licenceNumber);
    // `{ ...command, today }` without the spread: V8 (Node 20) copies a spread that gets a further
    // key on a slow path (about 2 µs); same keys, same order.
    const withToday = Object.assign({}, command) as LicenceCommand;
    withToday.today = this.clock.today();
    return handleLicenceCommand(this.store, {
      licenceNumber: canonical,
      command: withToday,
      context,
      retry: this.retry,
      onConflictRetry,
    });
  }
}

/** A refusal carries its code (DomainError and ApplicationError alike); anything else failed. */
function refusalOf(error: unknown): CommandOutcome {
  const code = error instanceof DomainError ? error.code : undefined;
  return code ? { outcome: 'refused', code } : { outcome: 'failed' };
}

/**
 * The facts the ledger holds for a licence number: what the law looks back at when a licence is
 * issued after an earlier one (RULES §5). None for a number that is not one, or not recorded.
 */
export async function factsOfLicence(store: EventStore, typedNumber: string): Promise<LicenceFact[]> {
  let licenceNumber: string;
  try {
    licenceNumber = parseLicenceNumber(typedNumber);
  } catch {
    return []; // the decider refuses the malformed number, naming the field
  }
  const { events } = await store.readStream(licenceStreamId(licenceNumber));
  return events.map(toLicenceEvent).filter(isFact);
}

/**
 * What the command appended the first time, if its first event is in the stream. The usual answer
 * is "no": one pass comparing ids, without hashing the ids of further events or indexing the stream.
 */
function earlierResult(
  events: readonly RecordedEvent[],
  licenceNumber: string,
  commandId: string,
  firstEventId: string,
): LicenceCommandResult | undefined {
  let first: RecordedEvent | undefined;
  for (const event of events) {
    if (event.eventId === firstEventId) {
      first = event;
      break;
    }
  }
  if (!first) return undefined;
  const byId = new Map(events.map((event) => [event.eventId, event]));
  let last = first;
  let count = 1;
  for (
    let next = byId.get(eventIdFor(commandId, count));
    next;
    next = byId.get(eventIdFor(commandId, count))
  ) {
    last = next;
    count++;
  }
  return {
    licenceNumber,
    streamVersion: last.streamVersion.toString(),
    eventsAppended: count,
    globalPosition: last.globalPosition.toString(),
  };
}

function toNewEvent(event: LicenceEvent, eventId: string, context: CommandContext, today: string): NewEvent {
  return {
    eventId,
    type: event.type,
    data: event.data,
    metadata: {
      actor: context.actor,
      commandId: context.commandId,
      correlationId: context.correlationId ?? context.commandId,
      causationId: context.causationId ?? context.commandId,
      schemaVersion: schemaVersionOf(event.type),
      recordedOn: today,
    },
  };
}

/** The store upcasts on read (CONVENTIONS 9): what it returns has the current shape. */
function toLicenceEvent(event: RecordedEvent): LicenceEvent {
  return { type: event.type, data: event.data } as LicenceEvent;
}

function versionString(version: ExpectedVersion): string {
  return version === 'no_stream' ? '-1' : version.toString();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
