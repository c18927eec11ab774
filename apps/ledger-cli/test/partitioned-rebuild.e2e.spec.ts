import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import {
  createThrowAwayDatabase,
  describeWithPostgres,
  type ThrowAwayDatabase,
} from '../../../libs/read-models/test/pg-test-database';

// `ledger-cli rebuild all --partitions N` as an operator runs it: N processes of the CLI, one per
// partition, into PostgreSQL; the rows equal those of an ordinary rebuild of the same log.

const ROOT = resolve(__dirname, '../../..');
const REGISTER = join(ROOT, 'test/reliability/support/swc-register.js');
const MAIN = join(ROOT, 'apps/ledger-cli/src/main.ts');

describeWithPostgres('ledger-cli rebuild --partitions', () => {
  let dir: string;
  let database: ThrowAwayDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-partitions-'));
    database = await createThrowAwayDatabase();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  const cli = (env: NodeJS.ProcessEnv, ...args: string[]) => {
    const run = spawnSync(process.execPath, ['-r', REGISTER, MAIN, ...args, '--quiet'], {
      cwd: dir,
      env: { PATH: process.env.PATH, EVENT_STORE_PATH: join(dir, 'events.sqlite'), ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`ledger-cli ${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
    return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
  };

  const dump = async (schema: string) => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const tables: Record<string, unknown[]> = {};
      for (const [table, order] of [
        ['licences', 'licence_number'],
        ['infractions', 'licence_number, infraction_id'],
        ['letters', 'letter_id'],
        ['letter_holders', 'licence_number'],
      ]) {
        tables[table] = (await client.query(`SELECT * FROM "${schema}"."${table}" ORDER BY ${order}`)).rows;
      }
      const checkpoints = (
        await client.query(`SELECT processor, position FROM "${schema}".checkpoints ORDER BY processor`)
      ).rows;
      return { tables, checkpoints };
    } finally {
      await client.end();
    }
  };

  it('gives the rows of an ordinary rebuild, each partition reporting its share, and leaves no partition checkpoint', async () => {
    cli({}, 'seed', '--holders', '60', '--today', '2025-06-30', '--jobs', '0');
    cli({ DATABASE_URL: database.url, DATABASE_SCHEMA: 'plain' }, 'rebuild', 'all');
    const reports = cli(
      { DATABASE_URL: database.url, DATABASE_SCHEMA: 'split' },
      'rebuild',
      'all',
      '--partitions',
      '3',
    );

    expect(reports.map((report) => [report.projection, report.partitions])).toEqual([
      ['licences', 3],
      ['letters', 3],
    ]);
    for (const report of reports) {
      const partitions = report.partitionReports as Array<{
        applied: number;
        read: number;
        peakRssMb: number;
      }>;
      expect(partitions).toHaveLength(3);
      expect(partitions.reduce((sum, p) => sum + p.applied, 0)).toBe(report.events);
      for (const p of partitions) {
        expect(p.read).toBe(report.events);
        expect(p.applied).toBeGreaterThan(0);
        expect(p.peakRssMb).toBeGreaterThan(0);
      }
    }
    const split = await dump('split');
    expect(split.tables).toEqual((await dump('plain')).tables);
    expect(split.checkpoints.map((row) => row.processor)).not.toContainEqual(
      expect.stringContaining('#rebuild-'),
    );
    expect((split.tables.licences as unknown[]).length).toBe(60);
  }, 180_000);
});
