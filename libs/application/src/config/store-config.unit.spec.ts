import { resolve } from 'node:path';
import { describeStores, loadStoreConfig, StoreConfigError } from './store-config';

const problemsOf = (env: Record<string, string | undefined>): string[] => {
  try {
    loadStoreConfig(env);
  } catch (error) {
    if (error instanceof StoreConfigError) return error.problems.map((p) => `${p.variable}: ${p.problem}`);
    throw error;
  }
  return [];
};

describe('the store configuration', () => {
  it('with nothing set, both stores are the embedded SQLite files under ./data', () => {
    expect(loadStoreConfig({})).toEqual({
      eventStore: { kind: 'sqlite', path: resolve('data/events.sqlite') },
      readModels: { kind: 'sqlite', path: resolve('data/read-model.sqlite') },
    });
  });

  it('EVENT_STORE_PATH and READ_MODEL_PATH choose the SQLite files; :memory: stays as it is', () => {
    expect(loadStoreConfig({ EVENT_STORE_PATH: '/tmp/e.sqlite', READ_MODEL_PATH: ':memory:' })).toEqual({
      eventStore: { kind: 'sqlite', path: '/tmp/e.sqlite' },
      readModels: { kind: 'sqlite', path: ':memory:' },
    });
  });

  it('ESDB_CONNECTION_STRING selects EventStoreDB, DATABASE_URL selects PostgreSQL (schema public unless DATABASE_SCHEMA)', () => {
    expect(
      loadStoreConfig({
        ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=false',
        DATABASE_URL: 'postgres://ledger:ledger@127.0.0.1:5432/ledger',
      }),
    ).toEqual({
      eventStore: { kind: 'esdb', connectionString: 'esdb://127.0.0.1:2113?tls=false' },
      readModels: {
        kind: 'postgres',
        url: 'postgres://ledger:ledger@127.0.0.1:5432/ledger',
        schema: 'public',
      },
    });
    expect(
      loadStoreConfig({
        ESDB_CONNECTION_STRING: 'esdb+discover://a:2113,b:2113,c:2113',
        DATABASE_URL: 'postgresql://ledger@db/ledger?sslmode=require',
        DATABASE_SCHEMA: 'read_models',
      }).readModels,
    ).toEqual({
      kind: 'postgres',
      url: 'postgresql://ledger@db/ledger?sslmode=require',
      schema: 'read_models',
    });
  });

  it('a DATABASE_URL that is not a postgres:// URL naming a server and a database is refused, password masked', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/ledger' })).toEqual([
      'DATABASE_URL: not a postgres:// URL (got mysql://…; expected postgres://user:password@host:5432/database): "mysql://root:***@db/ledger"',
    ]);
    expect(problemsOf({ DATABASE_URL: 'localhost:5432' })[0]).toMatch(
      /^DATABASE_URL: not a postgres:\/\/ URL/,
    );
    expect(problemsOf({ DATABASE_URL: 'not a url' })[0]).toMatch(/^DATABASE_URL: not a URL/);
    expect(problemsOf({ DATABASE_URL: 'postgres://ledger:pw@db:5432/' })).toEqual([
      'DATABASE_URL: names no database (postgres://user:password@host:5432/DATABASE): "postgres://ledger:***@db:5432/"',
    ]);
    expect(problemsOf({ DATABASE_URL: 'postgres:///ledger?host=/var/run/postgresql' })).toEqual([]);
  });

  it('a malformed ESDB_CONNECTION_STRING, a bad schema name, and two stores of one kind are refused, all at once', () => {
    expect(
      problemsOf({
        ESDB_CONNECTION_STRING: 'http://127.0.0.1:2113',
        EVENT_STORE_PATH: './data/events.sqlite',
        DATABASE_URL: 'postgres://ledger@db/ledger',
        READ_MODEL_PATH: './data/read-model.sqlite',
        DATABASE_SCHEMA: 'Read-Models',
      }),
    ).toEqual([
      'ESDB_CONNECTION_STRING: not an EventStoreDB connection string (esdb://host:2113?tls=false, or esdb+discover://… for a cluster): "http://127.0.0.1:2113"',
      'EVENT_STORE_PATH: set together with ESDB_CONNECTION_STRING: the event store is either EventStoreDB or a SQLite file; unset one of them',
      'READ_MODEL_PATH: set together with DATABASE_URL: the read models are either in PostgreSQL or in a SQLite file; unset one of them',
      'DATABASE_SCHEMA: not a schema name this service accepts (lower-case letters, digits and _, not starting with a digit, at most 63): "Read-Models"',
    ]);
    expect(problemsOf({ DATABASE_SCHEMA: 'ledger' })).toEqual([
      'DATABASE_SCHEMA: set without DATABASE_URL: it only applies to PostgreSQL read models',
    ]);
  });

  it('empty values count as unset', () => {
    expect(loadStoreConfig({ ESDB_CONNECTION_STRING: '', DATABASE_URL: ' ' }).readModels.kind).toBe('sqlite');
  });

  it('the error names every variable, and the start-up line masks passwords', () => {
    expect(() => loadStoreConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /^The stores are not configured correctly:\n {2}- DATABASE_URL: /,
    );
    expect(
      describeStores(
        loadStoreConfig({
          DATABASE_URL: 'postgres://ledger:secret@db:5432/ledger',
          EVENT_STORE_PATH: '/srv/events.sqlite',
        }),
      ),
    ).toBe(
      'event store: SQLite at /srv/events.sqlite; read models: PostgreSQL at postgres://ledger:***@db:5432/ledger (schema public)',
    );
  });
});
