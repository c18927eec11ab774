import {
  type ThrowAwayDatabase,
  createThrowAwayDatabase,
  describeWithPostgres,
} from '../../../read-models/test/pg-test-database';
import { authStateStoreContract } from '../../test/support/auth-state-store-contract';
import { PgAuthStateStore } from './pg-auth-state-store';
import { PgSharedDatabase } from './pg-shared-database';

describeWithPostgres('sessions and consumed logins in PostgreSQL (DATABASE_URL)', () => {
  let database: ThrowAwayDatabase;
  beforeAll(async () => {
    database = await createThrowAwayDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  authStateStoreContract(async (clock) => {
    // Two pools, as two API processes have, on a schema of their own per test.
    const schema = `auth_${Math.random().toString(36).slice(2, 10)}`;
    const poolA = new PgSharedDatabase(database.url, { schema });
    const poolB = new PgSharedDatabase(database.url, { schema });
    const [a, b] = await Promise.all([
      PgAuthStateStore.open(poolA, { clock }),
      PgAuthStateStore.open(poolB, { clock }),
    ]);
    return {
      a,
      b,
      close: async () => {
        await poolA.close();
        await poolB.close();
      },
    };
  });

  it('stores a digest of the session id, never the cookie value itself', async () => {
    const shared = new PgSharedDatabase(database.url, { schema: 'auth_digest' });
    try {
      const store = await PgAuthStateStore.open(shared);
      const { id } = await store.create({ identity: { sub: 's' } as never, idToken: 't' });
      const { rows } = await shared.pool.query('SELECT session_key FROM auth_digest.holder_sessions');
      expect(rows).toHaveLength(1);
      expect(rows[0].session_key).not.toBe(id);
      expect(JSON.stringify(rows)).not.toContain(id);
    } finally {
      await shared.close();
    }
  });
});
