import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgSharedDatabase } from '@ledger/auth';
import {
  type ThrowAwayDatabase,
  createThrowAwayDatabase,
  describeWithPostgres,
} from '../../../../libs/read-models/test/pg-test-database';
import { consultation, consultationAuditContract } from '../../test/consultation-audit-contract';
import { PgConsultationAudit } from './pg-consultation-audit';
import { SqliteConsultationAudit } from './sqlite-consultation-audit';

/**
 * Runs one statement on the file from another process, as an operator's sqlite3 shell would, and
 * rejects with SQLite's message when it is refused. (In a process of its own also because jest's
 * module registries share better-sqlite3's native addon between test files, which was seen to lose
 * the error a trigger raises.)
 */
async function sqliteShell(path: string, statement: string): Promise<void> {
  const script = `const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    try { db.prepare(process.argv[2]).run(); process.stdout.write('accepted'); }
    catch (error) { process.stdout.write('refused: ' + error.message); }`;
  const outcome = execFileSync(process.execPath, ['-e', script, path, statement], { encoding: 'utf8' });
  if (outcome !== 'accepted') throw new Error(outcome);
}

describe('the consultation audit in a SQLite file (the embedded default)', () => {
  consultationAuditContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
    const path = join(dir, 'audit.sqlite');
    const a = new SqliteConsultationAudit(path);
    const b = new SqliteConsultationAudit(path);
    return {
      a,
      b,
      table: 'consultations',
      sql: async (statement) => sqliteShell(path, statement),
      close: async () => {
        await a.close();
        await b.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('the SQLite audit written by its own thread', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
    path = join(dir, 'audit.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the consultations the file refuses as SHARED_STATE.UNAVAILABLE, and records the next ones', async () => {
    const audit = new SqliteConsultationAudit(path);
    try {
      await sqliteShell(
        path,
        "CREATE TRIGGER refuse_one BEFORE INSERT ON consultations WHEN NEW.licence_number = '160699350002' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
      );
      await expect(audit.record(consultation('160699350002', 'holder', 1))).rejects.toMatchObject({
        code: 'SHARED_STATE.UNAVAILABLE',
      });
      await audit.record(consultation('150375100001', 'holder', 2));
      expect(await audit.listFor('160699350002')).toEqual([]);
      expect(await audit.listFor('150375100001')).toHaveLength(1);
    } finally {
      await audit.close();
    }
  });

  it('stores what was recorded before it closes', async () => {
    const audit = new SqliteConsultationAudit(path);
    const recorded = audit.record(consultation('150375100001', 'holder', 1));
    await audit.close();
    await recorded;
    const reopened = new SqliteConsultationAudit(path);
    try {
      expect(await reopened.listFor('150375100001')).toHaveLength(1);
    } finally {
      await reopened.close();
    }
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
    const [a, b] = await Promise.all([
      PgConsultationAudit.open(instanceA),
      PgConsultationAudit.open(instanceB),
    ]);
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
