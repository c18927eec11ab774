import { type PgSharedDatabase, orUnavailable } from '@ledger/auth';
import {
  ConsultationAudit,
  consultationOfRow,
  type Consultation,
  type ConsultationRow,
} from './consultation-audit';
import { GroupCommit } from './group-commit';

/**
 * The audit of consultations in PostgreSQL (with DATABASE_URL): one audit, whichever instance served
 * the read, and it outlives any container. The database itself keeps it append-only: a trigger
 * refuses every UPDATE, DELETE and TRUNCATE, whoever the client (a bug, a script, an operator's
 * psql session without the rights to drop the trigger).
 */
/** PostgreSQL takes at most 65,535 parameters in a statement: 6 per row. */
const MAX_ROWS_PER_INSERT = 1_000;

export class PgConsultationAudit extends ConsultationAudit {
  private readonly table: string;
  private readonly group = new GroupCommit<Consultation>((batch) => this.insert(batch), MAX_ROWS_PER_INSERT);

  private constructor(private readonly database: PgSharedDatabase) {
    super();
    this.table = database.qualified('consultations');
  }

  static async open(database: PgSharedDatabase): Promise<PgConsultationAudit> {
    const audit = new PgConsultationAudit(database);
    const refuse = database.qualified('consultations_append_only');
    await database.ddl([
      `CREATE TABLE IF NOT EXISTS ${audit.table} (
         id bigserial PRIMARY KEY,
         licence_number text COLLATE "C" NOT NULL,
         consulted_at text NOT NULL,
         consulted_by text NOT NULL,
         role text NOT NULL,
         operation text NOT NULL,
         as_of text NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS consultations_by_licence ON ${audit.table} (licence_number, id)`,
      `CREATE OR REPLACE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'the consultation audit is append-only (% refused)', TG_OP
           USING ERRCODE = 'insufficient_privilege'; END $$`,
      `CREATE OR REPLACE TRIGGER consultations_no_update_or_delete BEFORE UPDATE OR DELETE ON ${audit.table}
         FOR EACH ROW EXECUTE FUNCTION ${refuse}()`,
      `CREATE OR REPLACE TRIGGER consultations_no_truncate BEFORE TRUNCATE ON ${audit.table}
         FOR EACH STATEMENT EXECUTE FUNCTION ${refuse}()`,
    ]);
    return audit;
  }

  /** Readiness: the table answers (a lock held on it, or a server gone, fails this). */
  async ping(): Promise<void> {
    await orUnavailable('the consultation audit', () =>
      this.database.pool.query(`SELECT 1 FROM ${this.table} LIMIT 1`),
    );
  }

  /** Resolves once committed: the caller shows nothing before its consultation is stored. */
  record(consultation: Consultation): Promise<void> {
    return orUnavailable('the consultation audit', () => this.group.add(consultation));
  }

  /** One INSERT, one commit (one WAL flush) for the consultations recorded meanwhile (GroupCommit). */
  private async insert(batch: readonly Consultation[]): Promise<void> {
    const values = batch.map((_, i) => `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6})`);
    await this.database.pool.query(
      `INSERT INTO ${this.table} (licence_number, consulted_at, consulted_by, role, operation, as_of)
       VALUES ${values.join(', ')}`,
      batch.flatMap((c) => [c.licenceNumber, c.consultedAt, c.consultedBy, c.role, c.operation, c.asOf]),
    );
  }

  async listFor(licenceNumber: string, limit = 100): Promise<Consultation[]> {
    const { rows } = await orUnavailable('the consultation audit', () =>
      this.database.pool.query<ConsultationRow>({
        name: `list-consultations:${this.database.schema}`,
        text: `SELECT licence_number, consulted_at, consulted_by, role, operation, as_of FROM ${this.table}
       WHERE licence_number = $1 ORDER BY id DESC LIMIT $2`,
        values: [licenceNumber, limit],
      }),
    );
    return rows.map(consultationOfRow);
  }
}
