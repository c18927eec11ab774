import { fetchDevStaffToken } from '@ledger/auth';
import { letterFor, type DecisionReversed, type LicenceDecision } from '@ledger/domain';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';
import { graphql, startTestApi } from './support/api-harness';
import { sqliteProfile } from './support/store-profiles';

// Issue 13, item 6, tried as a new user would: `LEDGER_TODAY=2030-01-01 npm start` records the test
// holders' stories late, fact after fact, on one day; each fact reversed decisions the one before
// had appended (restorations pushed back by the next infraction). Started again the next day, the
// service has sent, for that day, only the decisions still standing that evening (RULES §6): no
// decision reversed the same day, and no correction of one.

const DAY = '2030-01-01';
const NEXT = '2030-01-02';
const THOMAS = '98AB12 69 03';
const HUGO = '880420A 31 04';
const LETTERS = `query F($n: String!) { licenceFile(licenceNumber: $n) { balance { letters { reference issuedOn } } } }`;

describe('one coherent mail per day, for a backlog recorded on one day', () => {
  const stores = sqliteProfile();
  let api: StartedApi | undefined;
  beforeAll(() => stores.setUp());
  afterAll(async () => {
    await api?.close();
    await stores.tearDown();
  });

  test('thomas (E3) and hugo (E4) get one letter per decision still standing at the end of the day, and no correction', async () => {
    api = await startTestApi(stores.env({ LEDGER_TODAY: DAY }));
    await api.close();
    api = await startTestApi(stores.env({ LEDGER_TODAY: NEXT }));
    const reader = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'reader');
    const log = await stores.loggedEvents();
    const reversals = log.filter((event) => event.type === 'DecisionReversed');
    expect(reversals.length).toBeGreaterThan(0); // the backlog did reverse decisions that day
    const reversed = new Set(
      reversals.map((event) => (event.data as DecisionReversed['data']).reversedDecisionId),
    );

    for (const number of [THOMAS, HUGO]) {
      const stream = log.filter((event) => event.streamId === `licence-${number.replace(/ /g, '_')}`);
      // What still stood that evening: the stream's decisions of the day, less those reversed.
      const standing = stream.filter(
        (event) =>
          event.metadata.recordedOn === DAY &&
          'decisionId' in (event.data as object) &&
          !reversed.has((event.data as { decisionId: string }).decisionId),
      );
      let letters: Array<{ reference: string; issuedOn: string }> = [];
      for (let attempt = 0; attempt < 200; attempt++) {
        const answer = await graphql<any>(api, LETTERS, { n: number }, { authorization: `Bearer ${reader}` });
        letters = answer.data.licenceFile.balance.letters;
        if (letters.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50)); // the worker's first letters pass
      }
      // Exactly the letters the law calls for on those decisions, in order.
      const expected = standing.flatMap((event) => {
        const reference = letterFor({ type: event.type, data: event.data } as LicenceDecision);
        return reference ? [`REF_${reference}`] : [];
      });
      expect(expected.length).toBeGreaterThan(0);
      expect(letters.map((letter) => letter.reference)).toEqual(expected);
      expect(letters.map((letter) => letter.reference)).not.toContain('REF_CORRECTION');
      expect(letters.every((letter) => letter.issuedOn === DAY)).toBe(true);
      const withdrawn = stream.filter(
        (event) =>
          event.metadata.recordedOn === DAY &&
          reversed.has((event.data as { decisionId?: string }).decisionId ?? ''),
      );
      expect(withdrawn.length).toBeGreaterThan(0); // decisions that went out before would have been letters
    }
  }, 120_000);
});
