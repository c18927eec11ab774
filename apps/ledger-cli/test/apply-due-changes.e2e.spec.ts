import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { FixedClock, IssueLicenceCommand, LedgerApplicationModule } from '@ledger/application';
import { licenceStreamId } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { applyDueChanges } from '../src/apply-due-changes';

// The operator's daily run, `ledger-cli apply-due-changes`, on the store EVENT_STORE_PATH names.

describe('ledger-cli apply-due-changes', () => {
  let dir: string;
  const saved = { EVENT_STORE_PATH: process.env.EVENT_STORE_PATH, LEDGER_TODAY: process.env.LEDGER_TODAY };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    process.env.EVENT_STORE_PATH = join(dir, 'events.sqlite');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('appends the probation increments due since the licence was issued (R223-1 II), once', async () => {
    // Given a probationary licence issued on 2022-06-15, recorded that month.
    const moduleRef = await Test.createTestingModule({
      imports: [LedgerApplicationModule.forRoot({ clock: new FixedClock('2022-06-20') })],
    }).compile();
    await moduleRef.init();
    await moduleRef.get(CommandBus).execute(
      new IssueLicenceCommand(
        '901004310016',
        {
          issuedOn: '2022-06-15',
          probationary: true,
          holder: {
            familyName: 'MARTIN',
            givenNames: 'Léa',
            birthdate: '2004-03-02',
            gender: 'FEMALE',
            birthplace: '69123',
            birthcountry: '99100',
          },
        },
        { commandId: 'issue', actor: 'clerk' },
      ),
    );
    await moduleRef.close();

    // When the operator runs the daily run on 2024-07-01, twice.
    process.env.LEDGER_TODAY = '2024-07-01';
    const first = await applyDueChanges(undefined);
    const second = await applyDueChanges('2024-07-01');

    // Then the two anniversaries are appended, the second run repeats the report and appends nothing.
    expect(first).toEqual({ asOf: '2024-07-01', licencesChanged: 1, eventsAppended: 2, licencesFailed: 0 });
    expect(second).toEqual(first);
    const store = new SqliteEventStore(process.env.EVENT_STORE_PATH!);
    try {
      const { events } = await store.readStream(licenceStreamId('901004310016'));
      expect(events.map((event) => event.type)).toEqual([
        'LicenceIssued',
        'ProbationIncrementGranted',
        'ProbationIncrementGranted',
      ]);
      expect(events[1].metadata.actor).toBe('system:ledger-cli');
    } finally {
      await store.close();
    }
  });

  it('refuses a date after today', async () => {
    process.env.LEDGER_TODAY = '2024-07-01';
    await expect(applyDueChanges('2024-07-02')).rejects.toMatchObject({ code: 'DATE.IN_FUTURE' });
  });
});
