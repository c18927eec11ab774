import { Worker } from 'node:worker_threads';
import type { Consultation } from './consultation-audit';
import { GroupCommit } from './group-commit';

/** The audit file's settings, on every connection: synchronous=FULL, a lost audit row being a lost proof. */
export const AUDIT_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'busy_timeout = 5000'] as const;

const INSERT =
  'INSERT INTO consultations (licence_number, consulted_at, consulted_by, role, operation, as_of) VALUES (?, ?, ?, ?, ?, ?)';

const rowOf = (c: Consultation) => [c.licenceNumber, c.consultedAt, c.consultedBy, c.role, c.operation, c.asOf];

/**
 * The thread's whole program: one connection, one transaction per batch, and an empty answer once
 * the batch is on disk (or SQLite's message). Plain JavaScript evaluated by the Worker, so that the
 * compiled service and the test runner start the same thread without a file to find.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const insert = db.prepare(workerData.insert);
const insertAll = db.transaction((rows) => { for (const row of rows) insert.run(row); });
parentPort.on('message', (rows) => {
  try {
    insertAll(rows);
    parentPort.postMessage({});
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/**
 * Writes the audit rows in a thread of their own. The fsync of each commit (synchronous=FULL) took
 * the event loop for a millisecond or more, during which no request was served: it was the largest
 * single cost of a balance query. Group commit (GroupCommit) as before, and each `write` resolves
 * only once its row is on disk.
 */
export class SqliteAuditWriter {
  private readonly thread: Worker;
  private readonly group = new GroupCommit<Consultation>((batch) => this.writeBatch(batch));
  /** The batch the thread is writing (one at a time). */
  private inFlight: { resolve(): void; reject(error: unknown): void } | null = null;
  private failure: Error | null = null;
  private closing = false;

  constructor(path: string) {
    this.thread = new Worker(THREAD, {
      eval: true,
      workerData: { path, driver: require.resolve('better-sqlite3'), pragmas: AUDIT_PRAGMAS, insert: INSERT },
    });
    this.thread.on('message', ({ error }: { error?: string }) => this.settle(error === undefined ? null : new Error(error)));
    this.thread.on('error', (error) => this.fail(error));
    this.thread.on('exit', () => {
      if (!this.closing) this.fail(new Error('The audit writer thread stopped.'));
    });
    this.thread.unref();
  }

  write(consultation: Consultation): Promise<void> {
    return this.group.add(consultation);
  }

  /** Resolves once every row written so far is on disk, then stops the thread. */
  async close(): Promise<void> {
    await this.group.flushed();
    this.closing = true;
    await this.thread.terminate();
  }

  private writeBatch(batch: readonly Consultation[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.inFlight = { resolve, reject };
      this.thread.ref(); // a row on its way keeps the process alive until it is on disk
      this.thread.postMessage(batch.map(rowOf));
    });
  }

  private settle(error: Error | null): void {
    const batch = this.inFlight;
    this.inFlight = null;
    this.thread.unref();
    if (error) batch?.reject(error);
    else batch?.resolve();
  }

  /** The thread died (its file could not be opened…): the batch on its way, and every later one, fail. */
  private fail(error: Error): void {
    this.failure = error;
    this.settle(error);
  }
}
