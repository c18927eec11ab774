import type { Consultation, ConsultationAudit } from '../src/consultations/consultation-audit';

export const consultation = (licenceNumber: string, consultedBy: string, minute: number): Consultation => ({
  licenceNumber,
  consultedAt: `2024-05-01T09:${String(minute).padStart(2, '0')}:00.000Z`,
  consultedBy,
  role: consultedBy === 'holder' ? 'HOLDER' : 'LEDGER_READER',
  operation: consultedBy === 'holder' ? 'myPointsBalance' : 'licenceFile',
  asOf: '2024-05-01',
});

export interface AuditUnderTest {
  /** Two audits on one database: two API instances. */
  a: ConsultationAudit;
  b: ConsultationAudit;
  /** Runs SQL on the audit's database directly, as an operator or a bug would. */
  sql(statement: string): Promise<unknown>;
  table: string;
  close(): Promise<void>;
}

/** What every consultation audit does (RULES §8), whatever its database. */
export function consultationAuditContract(open: () => Promise<AuditUnderTest>): void {
  let audit: AuditUnderTest;
  beforeEach(async () => {
    audit = await open();
  });
  afterEach(async () => {
    await audit.close();
  });

  it('shows the holder, newest first, the consultations recorded through every instance, and no one else’s', async () => {
    await audit.a.record(consultation('150375100001', 'holder', 1));
    await audit.b.record(consultation('150375100001', 'agent-7 (Claire)', 2));
    await audit.a.record(consultation('160699350002', 'holder', 3));
    const seen = await audit.b.listFor('150375100001');
    expect(seen).toEqual([
      consultation('150375100001', 'agent-7 (Claire)', 2),
      consultation('150375100001', 'holder', 1),
    ]);
    expect(await audit.a.listFor('150375100001', 1)).toEqual([seen[0]]);
  });

  it('stores consultations recorded together in the order they were recorded, each one acknowledged once stored', async () => {
    const recorded = Array.from({ length: 40 }, (_, minute) => consultation('150375100001', `agent-${minute}`, minute));
    await Promise.all(recorded.map((c) => audit.a.record(c)));
    expect(await audit.b.listFor('150375100001')).toEqual([...recorded].reverse());
  });

  it('refuses, in the database itself, to change a consultation once recorded', async () => {
    await audit.a.record(consultation('150375100001', 'agent-7', 1));
    expect(await audit.b.listFor('150375100001')).toHaveLength(1);
    await expect(audit.sql(`UPDATE ${audit.table} SET consulted_by = 'nobody'`)).rejects.toThrow(/append-only/);
    expect((await audit.b.listFor('150375100001'))[0].consultedBy).toBe('agent-7');
  });

  it('refuses, in the database itself, to delete a consultation', async () => {
    await audit.a.record(consultation('150375100001', 'agent-7', 1));
    expect(await audit.b.listFor('150375100001')).toHaveLength(1);
    await expect(audit.sql(`DELETE FROM ${audit.table}`)).rejects.toThrow(/append-only/);
    expect(await audit.b.listFor('150375100001')).toHaveLength(1);
  });
}
