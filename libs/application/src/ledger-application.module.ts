import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LEDGER_UPCASTERS } from '@ledger/domain';
import { EVENT_STORE, SqliteEventStore, UpcasterRegistry, type EventStore } from '@ledger/event-store';
import { ApplyDueChangesHandler } from './apply-due-changes/apply-due-changes.handler';
import { ChangeHolderAddressHandler } from './change-holder-address/change-holder-address.handler';
import { RecordLetterPostedHandler } from './record-letter-posted/record-letter-posted.handler';
import { CancelInfractionHandler } from './cancel-infraction/cancel-infraction.handler';
import { Clock } from './clock/clock';
import { SystemClock } from './clock/system-clock';
import { DueLicenceFinder } from './due-licences/due-licence-finder';
import { DeferredDueLicenceFinder } from './due-licences/deferred-due-licence-finder';
import { LogScanDueLicenceFinder } from './due-licences/log-scan-due-licence-finder';
import { EstablishInfractionHandler } from './establish-infraction/establish-infraction.handler';
import { IssueLicenceHandler } from './issue-licence/issue-licence.handler';
import {
  CONFLICT_RETRY,
  DEFAULT_CONFLICT_RETRY,
  LicenceCommandHandling,
  type ConflictRetry,
} from './licence-command-handling';
import { RecordComplementaryTrainingHandler } from './record-complementary-training/record-complementary-training.handler';
import { RecordInfractionHandler } from './record-infraction/record-infraction.handler';
import { RecordInvalidationDeliveredHandler } from './record-invalidation-delivered/record-invalidation-delivered.handler';
import { RecordLicenceSurrenderedHandler } from './record-licence-surrendered/record-licence-surrendered.handler';
import { RecordTrainingCourseHandler } from './record-training-course/record-training-course.handler';

export const DEFAULT_EVENT_STORE_PATH = './data/events.sqlite';

export interface LedgerApplicationOptions {
  /**
   * The store: an instance (owned and closed by the caller) or a factory (closed with the app).
   * Default: SQLite at EVENT_STORE_PATH, or ./data/events.sqlite.
   */
  eventStore?: EventStore | (() => EventStore | Promise<EventStore>);
  /** Default: SystemClock (Europe/Paris, or LEDGER_TODAY). */
  clock?: Clock;
  conflictRetry?: Partial<ConflictRetry>;
  /**
   * How the daily run finds due licences: a provider of another module of the app (the read
   * models' index), looked up when a run starts. Default: a scan of the log.
   */
  dueLicenceFinder?: Type<DueLicenceFinder>;
}

/**
 * The embedded store, reading every older event shape through the ledger's upcasters. By default
 * its WAL is checkpointed in a thread of its own, so that no command waits for a checkpoint; a
 * one-off tool that hardly appends (the CLI) does without the thread.
 */
export function openLedgerEventStore(
  path: string,
  { checkpointInBackground = true }: { checkpointInBackground?: boolean } = {},
): EventStore {
  return new SqliteEventStore(path, {
    upcasters: new UpcasterRegistry(LEDGER_UPCASTERS),
    checkpointInBackground,
  });
}

/** Where the embedded store lives: EVENT_STORE_PATH, or the default; its directory is created. */
export function eventStorePath(env: Record<string, string | undefined> = process.env): string {
  const path = env.EVENT_STORE_PATH || DEFAULT_EVENT_STORE_PATH;
  if (path === ':memory:') return path;
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return absolute;
}

const OWNED_EVENT_STORE = Symbol('OWNED_EVENT_STORE');

/** Closes the store on shutdown when this module opened it. */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(OWNED_EVENT_STORE) private readonly owned: boolean,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.store.close();
  }
}

const COMMAND_HANDLERS = [
  IssueLicenceHandler,
  RecordInfractionHandler,
  EstablishInfractionHandler,
  CancelInfractionHandler,
  RecordTrainingCourseHandler,
  RecordComplementaryTrainingHandler,
  RecordInvalidationDeliveredHandler,
  RecordLicenceSurrenderedHandler,
  ChangeHolderAddressHandler,
  RecordLetterPostedHandler,
  ApplyDueChangesHandler,
];

/**
 * The application layer: the CommandBus with one handler per mutation, the clock, and the event
 * store they append to. Exports the bus (through CqrsModule), the store and the clock.
 */
@Module({})
export class LedgerApplicationModule {
  static forRoot(options: LedgerApplicationOptions = {}): DynamicModule {
    const { eventStore } = options;
    const storeProviders: Provider[] =
      eventStore === undefined || typeof eventStore === 'function'
        ? [
            {
              provide: EVENT_STORE,
              useFactory: async () => {
                if (eventStore) return eventStore();
                return openLedgerEventStore(eventStorePath());
              },
            },
            { provide: OWNED_EVENT_STORE, useValue: true },
          ]
        : [
            { provide: EVENT_STORE, useValue: eventStore },
            { provide: OWNED_EVENT_STORE, useValue: false },
          ];

    return {
      module: LedgerApplicationModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        ...storeProviders,
        EventStoreLifecycle,
        // A factory, so that a malformed LEDGER_TODAY stops the start-up with its message.
        { provide: Clock, useFactory: () => options.clock ?? new SystemClock() },
        { provide: CONFLICT_RETRY, useValue: { ...DEFAULT_CONFLICT_RETRY, ...options.conflictRetry } },
        options.dueLicenceFinder
          ? {
              provide: DueLicenceFinder,
              useFactory: (ref: ModuleRef) => new DeferredDueLicenceFinder(ref, options.dueLicenceFinder!),
              inject: [ModuleRef],
            }
          : { provide: DueLicenceFinder, useClass: LogScanDueLicenceFinder },
        LicenceCommandHandling,
        ...COMMAND_HANDLERS,
      ],
      exports: [CqrsModule, EVENT_STORE, Clock],
    };
  }
}
