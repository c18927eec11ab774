import { matchesHolder, selectMatchingHolder } from '@ledger/domain';
import { DEV_HOLDERS, DEV_IDENTITIES, DEV_INTRUDER, devHolder, devIdentityByLogin } from './test-identities';

// The seed issues licences to these holders; the FranceConnect stand-in logs them in. Each must
// then see exactly their own licence (RULES §8), and the intruder none.

const candidates = DEV_HOLDERS.map((holder) => ({ holder: holder.civilStatus, value: holder.login }));

describe('the development identities', () => {
  it('has at least eight holders with distinct logins and subjects', () => {
    expect(DEV_HOLDERS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(DEV_IDENTITIES.map((person) => person.login)).size).toBe(DEV_IDENTITIES.length);
    expect(new Set(DEV_IDENTITIES.map((person) => person.franceConnect.sub)).size).toBe(
      DEV_IDENTITIES.length,
    );
    expect(DEV_IDENTITIES.every((person) => /^[0-9a-f]{64}v1$/.test(person.franceConnect.sub))).toBe(true);
  });

  it.each(DEV_HOLDERS.map((holder) => [holder.login]))(
    '%s matches their own licence file and only theirs',
    (login) => {
      const person = devHolder(login);
      expect(matchesHolder(person.franceConnect, person.civilStatus)).toBe(true);
      expect(selectMatchingHolder(person.franceConnect, candidates)).toBe(login);
    },
  );

  it('the intruder, a namesake of camille born another day, matches no licence file', () => {
    expect(selectMatchingHolder(DEV_INTRUDER.franceConnect, candidates)).toBeNull();
    expect(DEV_HOLDERS.some((holder) => matchesHolder(DEV_INTRUDER.franceConnect, holder.civilStatus))).toBe(
      false,
    );
  });

  it('includes births abroad without a birthplace, and civil statuses written without accents', () => {
    expect(
      DEV_HOLDERS.filter((holder) => holder.civilStatus.birthcountry !== '99100').length,
    ).toBeGreaterThanOrEqual(1);
    expect(
      DEV_HOLDERS.filter((holder) => holder.civilStatus.birthplace === undefined).length,
    ).toBeGreaterThanOrEqual(1);
    expect(devIdentityByLogin('hugo')?.franceConnect.family_name).toBe('LEFÈVRE');
    expect(devHolder('hugo').civilStatus.familyName).toBe('LEFEVRE');
  });

  it('refuses an unknown login instead of seeding nobody', () => {
    expect(() => devHolder('intruder')).toThrow(/no development holder/);
  });
});
