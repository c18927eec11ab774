import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidEventError,
  InvalidPositionError,
  UpcastError,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type Subscription,
} from '@ledger/event-store';

/** Which adapter the child builds: `new (require(modulePath)[exportName])(...args)`. */
export interface ChildProcessStoreSpec {
  /** Absolute path of the adapter's .ts (or .js) module; it must import only relative paths. */
  modulePath: string;
  exportName: string;
  /** Constructor arguments; JSON only (no upcasters: the child's store reads raw shapes). */
  args: unknown[];
}

interface SerialisedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

type Reply = { id: number; value?: unknown; error?: SerialisedError };

const ERROR_CLASSES: Record<string, { prototype: Error }> = {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidEventError,
  InvalidPositionError,
  UpcastError,
};

/** Rebuilds the store's error in this process, so `instanceof ConcurrencyError` holds across processes. */
function reviveError({ name, message, fields }: SerialisedError): Error {
  const error = new Error(message);
  const known = ERROR_CLASSES[name];
  if (known) Object.setPrototypeOf(error, known.prototype);
  return Object.assign(error, fields, { name });
}

/**
 * An EventStore whose calls run in a child process: the contract's way of proving that writers in
 * separate processes (separate connections, no shared memory) still respect the expected version.
 */
export class ChildProcessEventStore implements EventStore {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.keepAlive(false);
    child.on('message', (reply: Reply) => {
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.pending.delete(reply.id);
      this.keepAlive(this.pending.size > 0);
      if (reply.error) call.reject(reviveError(reply.error));
      else call.resolve(reply.value);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        for (const call of this.pending.values())
          call.reject(new Error(`The store process exited (code ${code}).`));
        this.pending.clear();
        resolve();
      }),
    );
  }

  static async open(spec: ChildProcessStoreSpec): Promise<ChildProcessEventStore> {
    const child = fork(join(__dirname, 'child-process-event-store.child.js'), [JSON.stringify(spec)], {
      serialization: 'advanced', // structured clone: bigint survives, unlike JSON
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`The store process failed to start (code ${code}).`));
      child.once('exit', onExit);
      child.once('message', () => {
        child.off('exit', onExit);
        resolve();
      });
    });
    return new ChildProcessEventStore(child);
  }

  readStream(streamId: string): Promise<ReadStreamResult> {
    return this.call('readStream', streamId);
  }

  appendToStream(streamId: string, expected: ExpectedVersion, events: NewEvent[]): Promise<AppendResult> {
    return this.call('appendToStream', streamId, expected, events);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.call('readAll', options);
  }

  subscribe(): Subscription {
    throw new Error('Subscriptions do not cross processes: subscribe in the test process.');
  }

  headPosition(): Promise<bigint> {
    return this.call('headPosition');
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.connected) {
      // The child replies, then exits: its exit can reach us before its reply does.
      await this.call('close').catch((error: unknown) => {
        if (this.child.exitCode !== 0) throw error;
      });
    }
    await this.exited;
  }

  /**
   * An idle child must not keep this process alive: a test that forgets (or times out before) close
   * would otherwise hang the jest worker, and the child, which exits when we do, with it.
   */
  private keepAlive(yes: boolean): void {
    if (yes) {
      this.child.ref();
      this.child.channel?.ref();
    } else {
      this.child.unref();
      this.child.channel?.unref();
    }
  }

  private call<T>(method: keyof EventStore, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (!this.child.connected) return reject(new Error('The store process is gone.'));
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.keepAlive(true);
      this.child.send({ id, method, args });
    });
  }
}
