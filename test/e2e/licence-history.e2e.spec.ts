import { fetchDevStaffToken } from '@ledger/auth';
import { codesOf, graphql, startTestApi } from './support/api-harness';
import { describeOnEachStore } from './support/store-profiles';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';

// RULES §2 and §5 through the API: a licence issued after an earlier number's invalidation names
// it (IssueLicenceInput.previousLicenceNumber), and the law looks back across both numbers.

const ISSUE = `mutation Issue($input: IssueLicenceInput!) { issueLicence(input: $input) { licenceNumber balance { points capital } } }`;
const RECORD = `mutation R($input: RecordInfractionInput!) { recordInfraction(input: $input) { version } }`;
const ESTABLISH = `mutation E($input: EstablishInfractionInput!) { establishInfraction(input: $input) { balance { points status } } }`;
const DELIVERED = `mutation D($input: RecordInvalidationDeliveredInput!) { recordInvalidationDelivered(input: $input) { balance { status } } }`;
const SURRENDERED = `mutation S($input: RecordLicenceSurrenderedInput!) { recordLicenceSurrendered(input: $input) { balance { newLicenceAllowedFrom } } }`;

const EARLIER = '990101000011';
const LATER = '990101000012';
const ISSUED = '990101000013';
const holder = {
  familyName: 'Durand',
  givenNames: 'Alex',
  birthdate: '1990-01-01',
  gender: 'MALE',
  birthplace: '75056',
  birthcountry: '99100',
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeOnEachStore('a licence issued after an earlier number (previousLicenceNumber)', (stores) => {
  let api: StartedApi;
  let clerk: string;
  const send = async (query: string, input: Record<string, unknown>) =>
    graphql<any>(api, query, { input }, bearer(clerk));

  beforeAll(async () => {
    api = await startTestApi(stores.env({ LEDGER_TODAY: '2024-05-01', SEED_DEV_DATA: 'false' }));
    clerk = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'clerk');
    // The earlier number: a probationary licence, a délit withdrawing its 6 points, the 48SI
    // delivered 2022-03-01, the licence handed in 2022-03-05: a new one from 2022-09-05.
    expect(
      (
        await send(ISSUE, {
          commandId: 'h-1',
          licenceNumber: EARLIER,
          issuedOn: '2021-01-10',
          holder,
          probationary: true,
        })
      ).errors,
    ).toBeUndefined();
    await send(RECORD, {
      commandId: 'h-2',
      licenceNumber: EARLIER,
      infractionId: 'drugs',
      offenceCode: 'DRUGS',
      committedOn: '2022-01-05',
    });
    const nil = await send(ESTABLISH, {
      commandId: 'h-3',
      licenceNumber: EARLIER,
      infractionId: 'drugs',
      mode: 'FINE_PAID',
      establishedOn: '2022-02-01',
    });
    expect(nil.data.establishInfraction.balance).toEqual({ points: 0, status: 'INVALIDATION_PENDING' });
    await send(DELIVERED, { commandId: 'h-4', licenceNumber: EARLIER, deliveredOn: '2022-03-01' });
    const handedIn = await send(SURRENDERED, {
      commandId: 'h-5',
      licenceNumber: EARLIER,
      surrenderedOn: '2022-03-05',
    });
    expect(handedIn.data.recordLicenceSurrendered.balance.newLicenceAllowedFrom).toBe('2022-09-05');
  });
  afterAll(async () => {
    await api.close();
  });

  test("an issue before the earlier number's wait is over is refused, naming the date, and nothing is stored", async () => {
    const answer = await send(ISSUE, {
      commandId: 'h-6',
      licenceNumber: LATER,
      issuedOn: '2022-09-04',
      holder,
      probationary: true,
      previousLicenceNumber: EARLIER,
    });
    expect(codesOf(answer)).toEqual(['LICENCE.NEW_LICENCE_TOO_EARLY']);
    expect(answer.errors![0].message).toContain('2022-09-05');
    expect(await stores.licenceEvents(LATER)).toEqual([]);
  });

  test('a malformed or unknown earlier number is refused', async () => {
    const input = { licenceNumber: LATER, issuedOn: '2022-09-05', holder, probationary: true };
    expect(
      codesOf(await send(ISSUE, { ...input, commandId: 'h-7', previousLicenceNumber: '12-AB' })),
    ).toEqual(['LICENCE.MALFORMED_NUMBER']);
    expect(
      codesOf(await send(ISSUE, { ...input, commandId: 'h-8', previousLicenceNumber: '990101000099' })),
    ).toEqual(['LICENCE.PREVIOUS_NOT_FOUND']);
  });

  test('issued after the wait, the new licence records the earlier number and its invalidation', async () => {
    const answer = await send(ISSUE, {
      commandId: 'h-9',
      licenceNumber: ISSUED,
      issuedOn: '2022-09-05',
      holder,
      probationary: true,
      previousLicenceNumber: EARLIER,
    });
    expect(answer.errors).toBeUndefined();
    // 6 points on 2022-09-05, 8 of 8 on its first anniversary (today is 2024-05-01)
    expect(answer.data.issueLicence).toEqual({ licenceNumber: ISSUED, balance: { points: 8, capital: 8 } });
    const [issued] = await stores.licenceEvents(ISSUED);
    expect(issued.data).toMatchObject({
      firstLicence: false,
      previousLicence: { licenceNumber: EARLIER, invalidatedOn: ['2022-03-01'] },
    });
  });
});
