import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { orUnavailable } from '@ledger/auth';
import {
  ConsultationAudit,
  consultationOfRow,
  type Consultation,
  type ConsultationRow,
} from './consultation-audit';

interface PendingRecord {
  consultation: Consultation;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The audit of consultations on SQLite. Triggers refuse UPDATE and DELETE so that the log is
 * append-only even for code that would try; synchronous=FULL because a lost audit row is a lost proof.
 *
 * Group commit: the consultations recorded during one turn of the event loop (every request
 * answered meanwhile) are inserted in one transaction, one fsync for all, and each `record` resolves
 * only once that transaction is on disk, so no balance is shown before its consultation is stored.
 * One fsync per balance read was the ceiling of the balance query (BENCHMARKS.md, R3).
 */
export class SqliteConsultationAudit extends ConsultationAudit {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private pending: PendingRecord[] = [];
  private flushScheduled = false;
  private readonly insertAll: (records: readonly PendingRecord[]) => void;

  constructor(path: string) {
    super();
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS consultations (
        id INTEGER PRIMARY KEY,
        licence_number TEXT NOT NULL,
        consulted_at TEXT NOT NULL,
        consulted_by TEXT NOT NULL,
        role TEXT NOT NULL,
        operation TEXT NOT NULL,
        as_of TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS consultations_by_licence ON consultations (licence_number, id);
      CREATE TRIGGER IF NOT EXISTS consultations_no_update BEFORE UPDATE ON consultations
        BEGIN SELECT RAISE(ABORT, 'the consultation audit is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS consultations_no_delete BEFORE DELETE ON consultations
        BEGIN SELECT RAISE(ABORT, 'the consultation audit is append-only'); END;
    `);
    this.insert = this.db.prepare(
      'INSERT INTO consultations (licence_number, consulted_at, consulted_by, role, operation, as_of) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertAll = this.db.transaction((records: readonly PendingRecord[]) => {
      for (const { consultation: c } of records) {
        this.insert.run(c.licenceNumber, c.consultedAt, c.consultedBy, c.role, c.operation, c.asOf);
      }
    });
    this.select = this.db.prepare(
      'SELECT licence_number, consulted_at, consulted_by, role, operation, as_of FROM consultations WHERE licence_number = ? ORDER BY id DESC LIMIT ?',
    );
  }

  record(consultation: Consultation): Promise<void> {
    return orUnavailable('the consultation audit', () => this.enqueue(consultation));
  }

  private enqueue(consultation: Consultation): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ consultation, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Inserts the waiting records in one transaction; all of them fail together if it does. */
  private flush(): void {
    this.flushScheduled = false;
    const records = this.pending;
    if (records.length === 0) return;
    this.pending = [];
    try {
      this.insertAll(records);
    } catch (error) {
      for (const record of records) record.reject(error);
      return;
    }
    for (const record of records) record.resolve();
  }

  async listFor(licenceNumber: string, limit = 100): Promise<Consultation[]> {
    const rows = await orUnavailable(
      'the consultation audit',
      async () => this.select.all(licenceNumber, limit) as ConsultationRow[],
    );
    return rows.map(consultationOfRow);
  }

  /** Throws when the file does not answer (readiness). */
  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  close(): void {
    if (!this.db.open) return;
    this.flush(); // what was recorded is stored before the file closes
    this.db.close();
  }
}
