import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CommandBus } from '@nestjs/cqrs';
import { IssueLicenceCommand } from '@ledger/application';
import { AppModule } from '../src/app.module';

// The service as `npm start` wires it (AppModule, default SQLite store from EVENT_STORE_PATH),
// over real HTTP.

describe('the ledger API service', () => {
  let dir: string;
  let app: INestApplication;
  let url: string;
  const saved = { EVENT_STORE_PATH: process.env.EVENT_STORE_PATH, LEDGER_TODAY: process.env.LEDGER_TODAY };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-api-'));
    process.env.EVENT_STORE_PATH = join(dir, 'nested', 'events.sqlite');
    process.env.LEDGER_TODAY = '2024-02-01';
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('GET /health answers ok with the head of the log, as a string', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', eventStore: { head: '0' } });
  });

  it('the head moves when a command appends, through the same store', async () => {
    await app.get(CommandBus).execute(
      new IssueLicenceCommand(
        '901004310016',
        {
          issuedOn: '2024-01-01',
          probationary: false,
          holder: {
            familyName: 'DUPONT',
            givenNames: 'Jean',
            birthdate: '1990-04-12',
            gender: 'MALE',
            birthplace: '75056',
            birthcountry: '99100',
          },
        },
        { commandId: 'e2e-issue', actor: 'e2e' },
      ),
    );
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', eventStore: { head: '1' } });
  });
});
