import { randomUUID } from 'node:crypto';
import {
  eventIdFor,
  UpcasterRegistry,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';

/** What the suite hands to the adapter's factory: it must pass these into the store it builds. */
export interface EventStoreContractOptions {
  upcasters: UpcasterRegistry;
}

export interface EventStoreContractFixture {
  /** A store on fresh (or shared but untouched by this test's unique streams) storage. */
  store: EventStore;
  /** Another connection to the same storage, in this process. The suite closes what it opens. */
  openAnother?: () => Promise<EventStore>;
  /**
   * A connection to the same storage living in another OS process (see ChildProcessEventStore):
   * its appends cannot use any in-process shortcut. Needs appendToStream, readStream, headPosition.
   */
  openInAnotherProcess?: () => Promise<EventStore>;
  cleanup(): Promise<void>;
}

export type EventStoreContractFactory = (
  options: EventStoreContractOptions,
) => Promise<EventStoreContractFixture>;

/**
 * Declared up front because jest needs to know which tests exist before any factory runs: an
 * undeclared capability shows as skipped, a declared one the fixture does not provide fails.
 */
export interface EventStoreContractCapabilities {
  /** Global positions are 1, 2, 3… with no gap (SQLite), not byte offsets (EventStoreDB). */
  densePositions?: boolean;
  /** The fixture provides `openAnother`. */
  anotherConnection?: boolean;
  /** The fixture provides `openInAnotherProcess`. */
  anotherProcess?: boolean;
  /**
   * An event id is unique in the whole store, so an id already used in another stream is refused
   * (SQLite's unique index). EventStoreDB has no index of ids across streams.
   */
  uniqueEventIdsAcrossStreams?: boolean;
}

/** Tests that start OS processes get room for a loaded CI machine; they take about 0.5 s when idle. */
export const PROCESS_TEST_TIMEOUT_MS = 30_000;

/** The suite's own event types; the upcast one is the example of CONVENTIONS 9. */
export const CONTRACT_EVENT = 'ContractThingHappened';
export const CONTRACT_TAGGED = 'ContractThingTagged';
export interface TaggedV1 {
  tag: string;
}
export interface TaggedV2 {
  tags: string[];
}

export const contractUpcasters = (): UpcasterRegistry =>
  new UpcasterRegistry({
    // v1 held one tag; v2 holds a list. Old events must read as lists.
    [CONTRACT_TAGGED]: [{ fromVersion: 1, upcast: ({ tag }: TaggedV1): TaggedV2 => ({ tags: [tag] }) }],
  });

/** A stream name no other test (or other user of a shared server) can collide with. */
export const uniqueStreamId = (label = 'stream'): string => `contract_${label}-${randomUUID()}`;

/** `count` events of one command, with ids derived from its commandId as handlers do. */
export type EventOverrides = Partial<Omit<NewEvent, 'metadata'>> & {
  metadata?: Partial<NewEvent['metadata']>;
};

export function newEvents(
  count: number,
  overrides: EventOverrides = {},
  commandId = randomUUID(),
): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    eventId: eventIdFor(commandId, index),
    type: CONTRACT_EVENT,
    data: { index, commandId },
    ...overrides,
    metadata: {
      actor: 'contract-suite',
      commandId,
      correlationId: `correlation-${commandId}`,
      causationId: `causation-${commandId}`,
      schemaVersion: 1,
      ...overrides.metadata,
    },
  }));
}

export const ids = (events: { eventId: string }[]): string[] => events.map((event) => event.eventId);
export const positions = (events: RecordedEvent[]): bigint[] => events.map((event) => event.globalPosition);

/** Polls until `condition` holds; live delivery is asynchronous by nature. */
export async function eventually(
  condition: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** What each section of the suite gets: the current test's store, and openers that clean up after. */
export interface ContractContext {
  readonly capabilities: Required<EventStoreContractCapabilities>;
  store(): EventStore;
  /** Another connection (same process) or another process; closed by the suite after the test. */
  open(where: 'another-connection' | 'another-process'): Promise<EventStore>;
}
