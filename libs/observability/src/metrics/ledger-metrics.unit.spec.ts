import { LedgerMetrics } from './ledger-metrics';

describe('the ledger metrics', () => {
  it('count the letters the workflow issued and those not sent because reversed the same day', async () => {
    const metrics = new LedgerMetrics('worker', { defaultMetrics: false });
    metrics.lettersWorkflowPassed({ issued: 3, alreadyIssued: 1, withdrawnSameDay: 2, checkpoint: 10n });
    metrics.lettersWorkflowPassed({ issued: 4, alreadyIssued: 0, withdrawnSameDay: 0, checkpoint: 20n });
    const { body } = await metrics.exposition();
    expect(body).toMatch(/^ledger_letters_issued_total\{service="worker"\} 7$/m);
    expect(body).toMatch(/^ledger_letters_withdrawn_same_day_total\{service="worker"\} 2$/m);
  });
});
