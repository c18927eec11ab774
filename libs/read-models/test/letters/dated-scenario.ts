import {
  CURRENT_SCHEMA_VERSION,
  licenceStreamId,
  type CalendarDate,
  type CivilStatus,
  type LicenceCommand,
  type LicenceEvent,
  type PostalAddress,
} from '@ledger/domain';
import { eventIdFor, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { A_HOLDER, LicenceScenario } from '@ledger/testing';

/** One command's events and the business day it ran on (what the store records as metadata.recordedOn). */
export interface DatedCommand {
  today: CalendarDate;
  events: LicenceEvent[];
}

/**
 * A licence story told through the real decider (LicenceScenario), remembering the day each command
 * ran: letters are dated by it, so the tests can check a letter's date as the ledger would set it.
 */
export class DatedScenario extends LicenceScenario {
  readonly commands: DatedCommand[] = [];

  constructor(readonly licenceNumber: string) {
    super();
  }

  static issued(
    licenceNumber: string,
    issuedOn: CalendarDate,
    {
      probationary = false,
      holder = A_HOLDER,
      address,
    }: { probationary?: boolean; holder?: CivilStatus; address?: PostalAddress } = {},
  ): DatedScenario {
    return new DatedScenario(licenceNumber).issue({
      licenceNumber,
      issuedOn,
      holder,
      probationary,
      earlyLearning: false,
      ...(address ? { address } : {}),
    });
  }

  override send(command: LicenceCommand): LicenceEvent[] {
    const appended = super.send(command);
    if (appended.length > 0) this.commands.push({ today: command.today, events: appended });
    return appended;
  }

  changeAddress(address: PostalAddress, changedOn: CalendarDate): this {
    this.send({ type: 'ChangeHolderAddress', today: changedOn, data: { address, changedOn } });
    return this;
  }

  posted(letterId: string, postedOn: CalendarDate): this {
    this.send({ type: 'RecordLetterPosted', today: postedOn, data: { letterId, postedOn } });
    return this;
  }

  get streamId(): string {
    return licenceStreamId(this.licenceNumber);
  }

  /** The commandId of the n-th command: the ids of its events derive from it, as in the application. */
  commandId(index: number): string {
    return `${this.streamId}:command-${index}`;
  }

  /** The events as the store records them, from command `from` on, at consecutive positions. */
  recorded(firstPosition = 1n, from = 0): RecordedEvent[] {
    const recorded: RecordedEvent[] = [];
    let version = BigInt(this.commands.slice(0, from).reduce((n, c) => n + c.events.length, 0));
    let position = firstPosition;
    this.commands.slice(from).forEach((command, offset) => {
      const commandId = this.commandId(from + offset);
      command.events.forEach((event, index) => {
        recorded.push({
          eventId: eventIdFor(commandId, index),
          streamId: this.streamId,
          type: event.type,
          data: structuredClone(event.data),
          metadata: {
            recordedAt: `${command.today}T09:00:00.000Z`,
            recordedOn: command.today,
            actor: 'test',
            commandId,
            correlationId: commandId,
            causationId: commandId,
            schemaVersion: CURRENT_SCHEMA_VERSION,
          },
          streamVersion: version++,
          globalPosition: position++,
        });
      });
    });
    return recorded;
  }

  /** Appends the commands from `from` on to the store, one append per command; returns the last position. */
  async appendTo(store: EventStore, from = 0): Promise<bigint> {
    let last = 0n;
    for (let index = from; index < this.commands.length; index++) {
      const { currentVersion } = await store.readStream(this.streamId);
      const commandId = this.commandId(index);
      const result = await store.appendToStream(
        this.streamId,
        currentVersion,
        this.commands[index].events.map((event, i) => ({
          eventId: eventIdFor(commandId, i),
          type: event.type,
          data: event.data,
          metadata: {
            actor: 'test',
            commandId,
            correlationId: commandId,
            causationId: commandId,
            schemaVersion: CURRENT_SCHEMA_VERSION,
            recordedOn: this.commands[index].today,
          },
        })),
      );
      last = result.lastGlobalPosition;
    }
    return last;
  }
}
