/** Through which right a licence file was read (RULES §8). */
export type ConsultationRole = 'HOLDER' | 'LEDGER_READER' | 'LEDGER_CLERK' | 'LEDGER_SYSTEM';

export interface Consultation {
  licenceNumber: string;
  /** Instant of the reading, ISO 8601 UTC. */
  consultedAt: string;
  /** 'holder' for the holder themself, otherwise the staff member's subject (and name). */
  consultedBy: string;
  role: ConsultationRole;
  /** myPointsBalance or licenceFile. */
  operation: string;
  /** The date the file was evaluated at. */
  asOf: string;
}

/**
 * Every consultation of a holder's balance, by anyone, is recorded (L225-4 to L225-8, RULES §8),
 * append-only: the holder can see who read their file.
 */
export abstract class ConsultationAudit {
  abstract record(consultation: Consultation): Promise<void>;
  /** Newest first. */
  abstract listFor(licenceNumber: string, limit?: number): Promise<Consultation[]>;
}

/** An audit row as stored: the same columns in SQLite and PostgreSQL. */
export interface ConsultationRow {
  licence_number: string;
  consulted_at: string;
  consulted_by: string;
  role: string;
  operation: string;
  as_of: string;
}

/** A stored audit row as the API shows it. */
export function consultationOfRow(row: ConsultationRow): Consultation {
  return {
    licenceNumber: row.licence_number,
    consultedAt: row.consulted_at,
    consultedBy: row.consulted_by,
    role: row.role as Consultation['role'],
    operation: row.operation,
    asOf: row.as_of,
  };
}
