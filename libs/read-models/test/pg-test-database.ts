import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by .ci/run (and by hand): a PostgreSQL server the tests may create databases on. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export const POSTGRES_SKIPPED = 'skipped: TEST_DATABASE_URL is not set (no PostgreSQL for this run)';

/**
 * A describe block that runs against a real PostgreSQL server when TEST_DATABASE_URL is set; without
 * it, the file defines exactly one skipped test saying so, and nothing else (so `npm test` passes,
 * and says why, on a machine without PostgreSQL): the test's name and one line of output.
 */
export function describeWithPostgres(title: string, body: () => void): void {
  if (!TEST_DATABASE_URL) {
    test.skip(POSTGRES_SKIPPED, () => undefined);
    // Jest lists no test name (and no console output) for a file whose tests are all skipped: say it
    // on stderr, which it passes through.
    process.stderr.write(`${title}: ${POSTGRES_SKIPPED}\n`);
    return;
  }
  describe(title, body);
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface ThrowAwayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** CREATE DATABASE ledger_test_<random> on TEST_DATABASE_URL's server; drop() removes it (connections included). */
export async function createThrowAwayDatabase(
  adminUrl: string = TEST_DATABASE_URL!,
): Promise<ThrowAwayDatabase> {
  const name = `ledger_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => void (await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

export async function adminQuery(
  adminUrl: string,
  sql: string,
  values: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
