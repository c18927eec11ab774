import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { orUnavailable } from '@ledger/auth';
import { AUDIT_PRAGMAS, SqliteAuditWriter } from './sqlite-audit-writer';
import {
  ConsultationAudit,
  consultationOfRow,
  type Consultation,
  type ConsultationRow,
} from './consultation-audit';

/**
 * The audit of consultations on SQLite. Triggers refuse UPDATE and DELETE so that the log is
 * append-only even for code that would try; synchronous=FULL because a lost audit row is a lost proof.
 * Rows are written by a thread of their own (SqliteAuditWriter: group commit, each `record`
 * resolving once its row is on disk, so no balance is shown before its consultation is stored);
 * this thread reads them back.
 */
export class SqliteConsultationAudit extends ConsultationAudit {
  private readonly db: Database.Database;
  private readonly select: Database.Statement;
  private readonly writer: SqliteAuditWriter;

  constructor(path: string) {
    super();
    mkdirSync(dirname(path), { recursive: true }); // a file: the writer thread opens it too
    this.db = new Database(path);
    for (const pragma of AUDIT_PRAGMAS) this.db.pragma(pragma);
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
    this.select = this.db.prepare(
      'SELECT licence_number, consulted_at, consulted_by, role, operation, as_of FROM consultations WHERE licence_number = ? ORDER BY id DESC LIMIT ?',
    );
    this.writer = new SqliteAuditWriter(path);
  }

  record(consultation: Consultation): Promise<void> {
    return orUnavailable('the consultation audit', () => this.writer.write(consultation));
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

  /** What was recorded is stored before the file closes. */
  async close(): Promise<void> {
    await this.writer.close();
    if (this.db.open) this.db.close();
  }
}
