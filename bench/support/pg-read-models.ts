import { Client } from 'pg';
import {
  PgLicenceProjection,
  PgReadModelDatabase,
  PgReadModelRebuilder,
  type RebuildReport,
} from '@ledger/read-models';
import { LETTERS_WORKFLOW, PgLettersProjection, pgWorkflowCheckpoints } from '@ledger/read-models/letters';
import { openStore, type Dataset } from './datasets';

/**
 * The PostgreSQL read models of the bench: one database (`points_ledger_bench`) on the server the
 * bench is given, one schema per data set and use, rebuilt by the service's own rebuilder.
 */
export const BENCH_DATABASE = 'points_ledger_bench';

/** A read-model store a figure is measured on. */
export type ReadModelTarget =
  { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string };

export const storeLabel = (target: ReadModelTarget): string =>
  target.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';

/** The environment the service (and ledger-cli) reads its read-model store from. */
export function readModelEnv(target: ReadModelTarget): Record<string, string> {
  return target.kind === 'sqlite'
    ? { READ_MODEL_PATH: target.path, DATABASE_URL: '' }
    : { DATABASE_URL: target.url, DATABASE_SCHEMA: target.schema };
}

/** Creates the bench's database on the server if missing; returns its URL. */
export async function benchDatabase(adminUrl: string, name = BENCH_DATABASE): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a database name the bench uses: ${name}`);
  await adminQuery(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a bench database (a tiny run's own), its connections included. */
export async function dropBenchDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function adminQuery(adminUrl: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Rebuilds the licences and the letters (one pass over the log) from zero into `schema` (emptied first): their reports. */
export async function buildPgReadModels(
  dataset: Dataset,
  url: string,
  schema: string,
): Promise<RebuildReport[]> {
  await dropSchema(url, schema);
  const projections = [new PgLicenceProjection(), new PgLettersProjection()];
  const store = openStore(dataset.eventsPath);
  const database = await PgReadModelDatabase.open(url, projections, { schema });
  try {
    const rebuilder = new PgReadModelRebuilder(store, database, projections);
    const reports = await rebuilder.rebuildTogether(projections.map((projection) => projection.name));
    // As on SQLite (markLettersIssued): the workflow covered the seeded log.
    await pgWorkflowCheckpoints(database).save(LETTERS_WORKFLOW, BigInt(dataset.events));
    return reports;
  } finally {
    await database.close();
    await store.close();
  }
}
