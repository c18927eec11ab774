import { CommandBus } from '@nestjs/cqrs';
import { IssueLicenceCommand } from '@ledger/application';
import { ApiDataDir, startTestApi } from '../../../test/e2e/support/api-harness';
import type { StartedApi } from '../src/start-api';

// The service as `npm start` wires it (startApi: SQLite files, stand-in providers), over real HTTP.
describe('the ledger API service', () => {
  const data = new ApiDataDir();
  let api: StartedApi;

  beforeAll(async () => {
    api = await startTestApi(data.env({ LEDGER_TODAY: '2024-02-01', SEED_DEV_DATA: 'false' }));
  });
  afterAll(async () => {
    await api.close();
    data.remove();
  });

  it('GET /health answers ok with the head of the log, as a string', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', eventStore: { head: '0' } });
  });

  it('the head moves when a command appends, through the same store', async () => {
    await api.app.get(CommandBus).execute(
      new IssueLicenceCommand(
        '901004310016',
        {
          issuedOn: '2024-01-01',
          holder: { familyName: 'Martin', givenNames: 'Camille', birthdate: '1990-04-12', gender: 'FEMALE', birthplace: '75056', birthcountry: '99100' },
          probationary: false,
        },
        { commandId: 'health-issue-1', actor: 'test' },
      ),
    );
    const response = await fetch(`${api.url}/health`);
    expect(await response.json()).toEqual({ status: 'ok', eventStore: { head: '1' } });
  });
});
