import { resolve } from 'node:path';
import { DEFAULT_EVENT_STORE_PATH } from '../ledger-application.module';

// Which stores a process uses, chosen by its environment and validated at start-up (README,
// "Environment variables"): the event store (embedded SQLite, or EventStoreDB when
// ESDB_CONNECTION_STRING is set) and the read models (embedded SQLite, or PostgreSQL when
// DATABASE_URL is set). Plain data: opening the stores is the modules' job.

/** As ReadModelsModule's default (libs/read-models, which this layer does not import). */
const DEFAULT_READ_MODEL_PATH = './data/read-model.sqlite';
export const DEFAULT_DATABASE_SCHEMA = 'public';

export type EventStoreConfig =
  | { kind: 'sqlite'; /** Absolute, or ':memory:'. */ path: string }
  | { kind: 'esdb'; connectionString: string };

export type ReadModelStoreConfig =
  | { kind: 'sqlite'; /** Absolute, or ':memory:'. */ path: string }
  | { kind: 'postgres'; url: string; schema: string };

export interface StoreConfig {
  eventStore: EventStoreConfig;
  readModels: ReadModelStoreConfig;
}

export class StoreConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; problem: string }[]) {
    super(
      `The stores are not configured correctly:\n${problems
        .map(({ variable, problem }) => `  - ${variable}: ${problem}`)
        .join('\n')}`,
    );
    this.name = 'StoreConfigError';
  }

  get variables(): string[] {
    return this.problems.map(({ variable }) => variable);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** The URL with its password masked: configuration errors are logged. */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Reads and validates the store settings; throws one StoreConfigError naming every problem.
 * Setting both stores of one kind (EVENT_STORE_PATH and ESDB_CONNECTION_STRING, or READ_MODEL_PATH
 * and DATABASE_URL) is refused rather than guessed: one of them would be silently ignored.
 */
export function loadStoreConfig(env: Env = process.env): StoreConfig {
  const problems: { variable: string; problem: string }[] = [];
  const fail = (variable: string, problem: string) => void problems.push({ variable, problem });
  const value = (variable: string): string | undefined => env[variable]?.trim() || undefined;
  const sqlitePath = (path: string) => (path === ':memory:' ? path : resolve(path));

  let eventStore: EventStoreConfig;
  const esdb = value('ESDB_CONNECTION_STRING');
  const eventStorePath = value('EVENT_STORE_PATH');
  if (esdb !== undefined) {
    if (!/^esdb(\+discover)?:\/\/[^/?#\s]+/.test(esdb)) {
      fail(
        'ESDB_CONNECTION_STRING',
        `not an EventStoreDB connection string (esdb://host:2113?tls=false, or esdb+discover://… for a cluster): ` +
          JSON.stringify(maskPassword(esdb)),
      );
    }
    if (eventStorePath !== undefined) {
      fail(
        'EVENT_STORE_PATH',
        'set together with ESDB_CONNECTION_STRING: the event store is either EventStoreDB or a SQLite file; unset one of them',
      );
    }
    eventStore = { kind: 'esdb', connectionString: esdb };
  } else {
    eventStore = { kind: 'sqlite', path: sqlitePath(eventStorePath ?? DEFAULT_EVENT_STORE_PATH) };
  }

  let readModels: ReadModelStoreConfig;
  const databaseUrl = value('DATABASE_URL');
  const readModelPath = value('READ_MODEL_PATH');
  const schema = value('DATABASE_SCHEMA');
  if (databaseUrl !== undefined) {
    const problem = postgresUrlProblem(databaseUrl);
    if (problem) fail('DATABASE_URL', `${problem}: ${JSON.stringify(maskPassword(databaseUrl))}`);
    if (readModelPath !== undefined) {
      fail(
        'READ_MODEL_PATH',
        'set together with DATABASE_URL: the read models are either in PostgreSQL or in a SQLite file; unset one of them',
      );
    }
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      fail(
        'DATABASE_SCHEMA',
        `not a schema name this service accepts (lower-case letters, digits and _, not starting with a digit, at most 63): ${JSON.stringify(schema)}`,
      );
    }
    readModels = { kind: 'postgres', url: databaseUrl, schema: schema ?? DEFAULT_DATABASE_SCHEMA };
  } else {
    if (schema !== undefined)
      fail('DATABASE_SCHEMA', 'set without DATABASE_URL: it only applies to PostgreSQL read models');
    readModels = { kind: 'sqlite', path: sqlitePath(readModelPath ?? DEFAULT_READ_MODEL_PATH) };
  }

  if (problems.length > 0) throw new StoreConfigError(problems);
  return { eventStore, readModels };
}

function postgresUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL (expected postgres://user:password@host:5432/database)';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    return `not a postgres:// URL (got ${parsed.protocol}//…; expected postgres://user:password@host:5432/database)`;
  // A Unix socket goes in ?host=/path, with an empty host part.
  if (!parsed.hostname && !parsed.searchParams.get('host'))
    return 'names no server (postgres://user:password@HOST:5432/database)';
  if (parsed.pathname.replace(/^\//, '') === '')
    return 'names no database (postgres://user:password@host:5432/DATABASE)';
  return null;
}

/** One line for start-up logs: which stores, where (passwords masked). */
export function describeStores({ eventStore, readModels }: StoreConfig): string {
  const events =
    eventStore.kind === 'esdb'
      ? `EventStoreDB at ${maskPassword(eventStore.connectionString)}`
      : `SQLite at ${eventStore.path}`;
  const models =
    readModels.kind === 'postgres'
      ? `PostgreSQL at ${maskPassword(readModels.url)} (schema ${readModels.schema})`
      : `SQLite at ${readModels.path}`;
  return `event store: ${events}; read models: ${models}`;
}
