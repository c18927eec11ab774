import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgSharedDatabase } from '@ledger/auth';
import {
  type ThrowAwayDatabase,
  createThrowAwayDatabase,
  describeWithPostgres,
} from '../../../../libs/read-models/test/pg-test-database';
import { consultationAuditContract } from '../../test/consultation-audit-contract';
import { PgConsultationAudit } from './pg-consultation-audit';
import { SqliteConsultationAudit } from './sqlite-consultation-audit';

describe('the consultation audit in a SQLite file (the embedded default)', () => {
  consultationAuditContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
    const path = join(dir, 'audit.sqlite');
    const a = new SqliteConsultationAudit(path);
    const b = new SqliteConsultationAudit(path);
    const raw = new Database(path);
    return {
      a,
      b,
      table: 'consultations',
      sql: async (statement) => raw.prepare(statement).run(),
      close: async () => {
        raw.close();
        a.close();
        b.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describeWithPostgres('the consultation audit in PostgreSQL (DATABASE_URL)', () => {
  let database: ThrowAwayDatabase;
  beforeAll(async () => {
    database = await createThrowAwayDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  consultationAuditContract(async () => {
    const schema = `audit_${Math.random().toString(36).slice(2, 10)}`;
    const instanceA = new PgSharedDatabase(database.url, { schema });
    const instanceB = new PgSharedDatabase(database.url, { schema });
    const [a, b] = await Promise.all([PgConsultationAudit.open(instanceA), PgConsultationAudit.open(instanceB)]);
    return {
      a,
      b,
      table: instanceA.qualified('consultations'),
      sql: (statement) => instanceA.pool.query(statement),
      close: async () => {
        await instanceA.close();
        await instanceB.close();
      },
    };
  });

  it('refuses TRUNCATE too', async () => {
    const shared = new PgSharedDatabase(database.url, { schema: 'audit_truncate' });
    try {
      const audit = await PgConsultationAudit.open(shared);
      await audit.record({
        licenceNumber: '150375100001',
        consultedAt: '2024-05-01T09:00:00.000Z',
        consultedBy: 'holder',
        role: 'HOLDER',
        operation: 'myPointsBalance',
        asOf: '2024-05-01',
      });
      await expect(shared.pool.query(`TRUNCATE ${shared.qualified('consultations')}`)).rejects.toThrow(
        /append-only \(TRUNCATE refused\)/,
      );
      expect(await audit.listFor('150375100001')).toHaveLength(1);
    } finally {
      await shared.close();
    }
  });
});
