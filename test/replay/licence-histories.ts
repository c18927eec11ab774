import {
  CURRENT_SCHEMA_VERSION,
  decide,
  evolve,
  initialState,
  isDomainError,
  licenceStreamId,
  type LicenceCommand,
  type LicenceEvent,
  type LicenceState,
} from '@ledger/domain';
import { eventIdFor, type EventStore, type ExpectedVersion } from '@ledger/event-store';
import type { GeneratedHistory } from '@ledger/testing';

/** The i-th licence number of a generated population: twelve digits, canonical. */
export const licenceNumberAt = (index: number): string => String(901004310000 + index);

interface PendingCommand {
  licence: number;
  order: number;
  command: LicenceCommand;
}

/**
 * Appends random licence histories to a store the way the application would (read → decide →
 * append with the expected version), the licences interleaved day by day so that batches of the
 * global log mix streams. A command the law refuses appends nothing. Returns each licence's final
 * state as the decider sees it.
 */
export async function appendHistories(
  store: EventStore,
  histories: readonly GeneratedHistory[],
): Promise<Map<string, LicenceState>> {
  const pending: PendingCommand[] = histories.flatMap((history, licence) =>
    history.commands.map((command, order) => ({
      licence,
      order,
      command:
        command.type === 'IssueLicence'
          ? { ...command, data: { ...command.data, licenceNumber: licenceNumberAt(licence) } }
          : command,
    })),
  );
  // By day, then by licence, keeping each licence's own order: a stable, deterministic interleaving.
  pending.sort((a, b) =>
    a.command.today < b.command.today
      ? -1
      : a.command.today > b.command.today
        ? 1
        : a.licence - b.licence || a.order - b.order,
  );
  const states = new Map<string, LicenceState>();
  const versions = new Map<string, ExpectedVersion>();
  for (const { licence, order, command } of pending) {
    const number = licenceNumberAt(licence);
    const state = states.get(number) ?? initialState();
    let decided: LicenceEvent[];
    try {
      decided = decide(command, state);
    } catch (error) {
      if (isDomainError(error)) continue;
      throw error;
    }
    if (decided.length === 0) continue;
    const streamId = licenceStreamId(number);
    const commandId = `history:${number}:${order}`;
    const result = await store.appendToStream(
      streamId,
      versions.get(streamId) ?? 'no_stream',
      decided.map((event, index) => ({
        eventId: eventIdFor(commandId, index),
        type: event.type,
        data: event.data,
        metadata: {
          actor: 'test',
          commandId,
          correlationId: commandId,
          causationId: commandId,
          schemaVersion: CURRENT_SCHEMA_VERSION,
        },
      })),
    );
    versions.set(streamId, result.nextExpectedVersion);
    states.set(number, decided.reduce(evolve, state));
  }
  return states;
}
