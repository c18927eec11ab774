import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authStateStoreContract } from '../../test/support/auth-state-store-contract';
import { SqliteAuthStateStore } from './sqlite-auth-state-store';

describe('sessions and consumed logins in a SQLite file (the embedded default)', () => {
  authStateStoreContract(async (clock) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-auth-state-'));
    const path = join(dir, 'sessions.sqlite');
    const a = new SqliteAuthStateStore(path, { clock });
    const b = new SqliteAuthStateStore(path, { clock });
    return {
      a,
      b,
      close: async () => {
        await a.close();
        await b.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it('keeps sessions across a restart of the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-auth-state-'));
    try {
      const path = join(dir, 'sessions.sqlite');
      const before = new SqliteAuthStateStore(path);
      const { id } = await before.create({ identity: { sub: 's', given_name: 'A' } as never, idToken: 't' });
      await before.close();
      const after = new SqliteAuthStateStore(path);
      expect((await after.touch(id))?.idToken).toBe('t');
      await after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
