import { Worker } from 'node:worker_threads';
import type { Consultation } from './consultation-audit';

/** The audit file's settings, on every connection: synchronous=FULL, a lost audit row being a lost proof. */
export const AUDIT_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'busy_timeout = 5000'] as const;

const INSERT =
  'INSERT INTO consultations (licence_number, consulted_at, consulted_by, role, operation, as_of) VALUES (?, ?, ?, ?, ?, ?)';

type Row = [string, string, string, string, string, string];

const rowOf = (c: Consultation): Row => [c.licenceNumber, c.consultedAt, c.consultedBy, c.role, c.operation, c.asOf];

/**
 * The thread's whole program: one connection, one transaction per batch, and the batch's number
 * back once it is on disk (or SQLite's message). Plain JavaScript evaluated by the Worker, so that
 * the compiled service and the test runner start the same thread without a file to find.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const insert = db.prepare(workerData.insert);
const insertAll = db.transaction((rows) => { for (const row of rows) insert.run(row); });
parentPort.on('message', ({ batch, rows }) => {
  try {
    insertAll(rows);
    parentPort.postMessage({ batch });
  } catch (error) {
    parentPort.postMessage({ batch, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Waiting {
  consultation: Consultation;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Writes the audit rows in a thread of their own. The fsync of each commit (synchronous=FULL) took
 * the event loop for a millisecond or more per commit, during which no request was served: it was
 * the largest single cost of a balance query. Group commit as before: the rows recorded while one
 * batch is being written go together in the next, one transaction and one fsync for all, and each
 * `write` resolves only once its row is on disk.
 */
export class SqliteAuditWriter {
  private readonly thread: Worker;
  private waiting: Waiting[] = [];
  /** The batch being written, by its number; at most one at a time, so rows keep their order. */
  private inFlight: { batch: number; records: Waiting[] } | null = null;
  private batches = 0;
  private idle: Array<() => void> = [];
  private failure: Error | null = null;
  private closing = false;

  constructor(path: string) {
    this.thread = new Worker(THREAD, {
      eval: true,
      workerData: { path, driver: require.resolve('better-sqlite3'), pragmas: AUDIT_PRAGMAS, insert: INSERT },
    });
    this.thread.on('message', (message: { batch: number; error?: string }) => this.written(message));
    this.thread.on('error', (error) => this.fail(error));
    this.thread.on('exit', () => {
      if (!this.closing) this.fail(new Error('The audit writer thread stopped.'));
    });
    this.thread.unref();
  }

  write(consultation: Consultation): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ consultation, resolve, reject });
      if (!this.inFlight) this.sendNext();
    });
  }

  /** Resolves once every row written so far is on disk, then stops the thread. */
  async close(): Promise<void> {
    if (this.inFlight || this.waiting.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    this.closing = true;
    await this.thread.terminate();
  }

  private sendNext(): void {
    const records = this.waiting;
    if (records.length === 0) {
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    this.waiting = [];
    this.batches += 1;
    this.inFlight = { batch: this.batches, records };
    this.thread.ref(); // a row on its way keeps the process alive until it is on disk
    this.thread.postMessage({ batch: this.batches, rows: records.map((r) => rowOf(r.consultation)) });
  }

  private written({ batch, error }: { batch: number; error?: string }): void {
    const done = this.inFlight;
    if (!done || done.batch !== batch) return;
    this.inFlight = null;
    this.thread.unref();
    for (const record of done.records) {
      if (error === undefined) record.resolve();
      else record.reject(new Error(error));
    }
    this.sendNext();
  }

  /** The thread died (its file could not be opened…): every row waiting, and every later one, fails. */
  private fail(error: Error): void {
    this.failure = error;
    const records = [...(this.inFlight?.records ?? []), ...this.waiting];
    this.inFlight = null;
    this.waiting = [];
    for (const record of records) record.reject(error);
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
