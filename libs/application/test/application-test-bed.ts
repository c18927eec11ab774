import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import type { CivilStatus } from '@ledger/domain';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  FixedClock,
  LedgerApplicationModule,
  type CommandContext,
  type ConflictRetry,
} from '@ledger/application';

/** A fresh SQLite file in its own temporary directory. */
export function tempStoreFile(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-application-'));
  return { file: join(dir, 'events.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Application {
  commandBus: CommandBus;
  clock: FixedClock;
  close(): Promise<void>;
}

/** The real LedgerApplicationModule, its CommandBus and handlers, on the given store and a fixed day. */
export async function startApplication(options: {
  eventStore: EventStore;
  today: string;
  conflictRetry?: Partial<ConflictRetry>;
}): Promise<Application> {
  const clock = new FixedClock(options.today);
  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [
      LedgerApplicationModule.forRoot({
        eventStore: options.eventStore,
        clock,
        conflictRetry: options.conflictRetry,
      }),
    ],
  }).compile();
  // init() runs the bootstrap hooks: that is when CqrsModule registers the handlers.
  await moduleRef.init();
  return { commandBus: moduleRef.get(CommandBus), clock, close: () => moduleRef.close() };
}

/** A SQLite store on a temp file and an application on it; `close` removes everything. */
export async function startOnTempStore(
  today: string,
): Promise<Application & { store: SqliteEventStore; file: string }> {
  const temp = tempStoreFile();
  const store = new SqliteEventStore(temp.file);
  const app = await startApplication({ eventStore: store, today });
  return {
    ...app,
    store,
    file: temp.file,
    close: async () => {
      await app.close();
      await store.close();
      temp.remove();
    },
  };
}

export const clerk = (commandId: string, extra: Partial<CommandContext> = {}): CommandContext => ({
  commandId,
  actor: 'clerk-42 (Camille Martin)',
  ...extra,
});

export const holder: CivilStatus = {
  familyName: 'DUPONT',
  givenNames: 'Jean Pierre',
  birthdate: '1990-04-12',
  gender: 'MALE',
  birthplace: '75056',
  birthcountry: '99100',
};

export const typesOf = (events: readonly RecordedEvent[]): string[] => events.map((event) => event.type);
