import { loginAsHolder } from './support/holder-login';
import { codesOf, graphql, startTestApi } from './support/api-harness';
import { describeOnEachStore } from './support/store-profiles';
import { SEED_STORIES } from '../../apps/ledger-api/src/dev/dev-seed.stories';

const BALANCE = `query Balance($n: String!, $c: String!) {
  myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $c) {
    licenceNumber points capital asOf status notices
    probation { startedOn endsOn }
    history { effectiveOn kind points balanceAfter capitalAfter explanation }
    upcomingRestorations { expectedOn kind points condition }
    consultations { consultedBy role operation }
  }
}`;

const numberOf = (login: string) => SEED_STORIES.find((s) => s.login === login)!.licenceNumber;

/**
 * RULES §9 over real HTTP: the service restarted on each day that matters (LEDGER_TODAY), on the
 * same data; the development seed records the examples' facts as their dates come; each holder
 * logs in through the FranceConnect stand-in and reads "X points out of a capital of Y".
 */
const CHECKPOINTS: Array<{ today: string; expect: Array<[login: string, points: number, capital: number]> }> = [
  { today: '2022-06-15', expect: [['lea', 6, 6]] },
  { today: '2023-06-15', expect: [['lea', 8, 8]] },
  { today: '2024-02-20', expect: [['jules', 3, 6]] },
  { today: '2024-03-15', expect: [['thomas', 5, 12]] },
  { today: '2024-04-02', expect: [['camille', 10, 12]] },
  { today: '2024-04-10', expect: [['thomas', 9, 12]] },
  { today: '2024-04-17', expect: [['jules', 6, 6]] },
  { today: '2024-06-01', expect: [['ines', 11, 12]] },
  { today: '2024-06-15', expect: [['lea', 10, 10]] },
  { today: '2024-07-01', expect: [['hugo', 4, 12]] },
  { today: '2024-12-01', expect: [['ines', 12, 12]] },
  { today: '2025-06-15', expect: [['lea', 12, 12]] },
  { today: '2026-09-01', expect: [['jules', 6, 12]] },
  { today: '2027-02-20', expect: [['jules', 12, 12]] },
  { today: '2027-03-15', expect: [['thomas', 12, 12]] },
  { today: '2027-04-02', expect: [['camille', 12, 12]] },
  { today: '2027-07-01', expect: [['hugo', 12, 12]] },
];

describeOnEachStore('a holder logs in with FranceConnect and reads their balance (RULES §9 over HTTP)', (stores) => {
  test.each(CHECKPOINTS)('on $today', async ({ today, expect: expected }) => {
    const api = await startTestApi(stores.env({ LEDGER_TODAY: today }));
    try {
      for (const [login, points, capital] of expected) {
        const { cookieHeader } = await loginAsHolder(api.publicUrl, login);
        const n = numberOf(login);
        const answer = await graphql<{ myPointsBalance: Record<string, unknown> }>(api, BALANCE, { n, c: n }, { cookie: cookieHeader });
        expect(answer.errors).toBeUndefined();
        const balance = answer.data!.myPointsBalance;
        expect({ login, points: balance.points, capital: balance.capital, asOf: balance.asOf }).toEqual({ login, points, capital, asOf: today });
        expect(balance.notices).toHaveLength(3);
        expect((balance.consultations as Array<{ role: string }>)[0]).toMatchObject({ role: 'HOLDER', consultedBy: 'holder', operation: 'myPointsBalance' });
      }
    } finally {
      await api.close();
    }
  });

  test('the balance comes with the history and the restorations to come (E6 on 2026-09-01)', async () => {
    const api = await startTestApi(stores.env({ LEDGER_TODAY: '2026-09-01' }));
    try {
      const { cookieHeader } = await loginAsHolder(api.publicUrl, 'jules');
      const n = numberOf('jules');
      const answer = await graphql<{ myPointsBalance: any }>(api, BALANCE, { n, c: n }, { cookie: cookieHeader });
      const balance = answer.data!.myPointsBalance;
      expect(balance.history.map((h: any) => [h.effectiveOn, h.kind, h.points, h.balanceAfter, h.capitalAfter])).toEqual([
        ['2024-02-20', 'WITHDRAWAL', -3, 3, 6],
        ['2024-04-17', 'TRAINING_COURSE', 3, 6, 6],
        ['2026-09-01', 'PROBATION_END', 0, 6, 12],
      ]);
      expect(balance.upcomingRestorations).toEqual([
        expect.objectContaining({ expectedOn: '2027-02-20', kind: 'RESTORATION_FULL', points: 6 }),
      ]);
      expect(balance.probation).toBeNull();
    } finally {
      await api.close();
    }
  });

  test('another identity, an unknown number and a mistyped confirmation are refused without saying whether the number exists', async () => {
    const api = await startTestApi(stores.env({ LEDGER_TODAY: '2024-07-01' }));
    try {
      const intruder = await loginAsHolder(api.publicUrl, 'intruder');
      const camille = await loginAsHolder(api.publicUrl, 'camille');
      const n = numberOf('camille');
      const asIntruder = await graphql(api, BALANCE, { n, c: n }, { cookie: intruder.cookieHeader });
      const someoneElses = await graphql(api, BALANCE, { n: numberOf('jules'), c: numberOf('jules') }, { cookie: camille.cookieHeader });
      const unknown = await graphql(api, BALANCE, { n: '999999999999', c: '999999999999' }, { cookie: camille.cookieHeader });
      for (const refused of [asIntruder, someoneElses, unknown]) {
        expect(refused.data).toBeNull();
        expect(codesOf(refused)).toEqual(['BALANCE.NOT_AVAILABLE']);
      }
      expect(someoneElses.errors![0].message).toBe(unknown.errors![0].message);
      const mistyped = await graphql(api, BALANCE, { n, c: '150375100002' }, { cookie: camille.cookieHeader });
      expect(codesOf(mistyped)).toEqual(['LICENCE.NUMBERS_DIFFER']);
      const anonymous = await graphql(api, BALANCE, { n, c: n });
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
      // A holder session cannot read a licence file either, whatever the number.
      const file = await graphql(api, `{ licenceFile(licenceNumber: "${n}") { rawPoints } }`, {}, { cookie: camille.cookieHeader });
      expect(codesOf(file)).toEqual(['FORBIDDEN']);
    } finally {
      await api.close();
    }
  });
});
