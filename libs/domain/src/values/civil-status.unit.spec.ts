import fc from 'fast-check';
import type { CivilStatus } from '../events/facts';
import {
  type FranceConnectIdentity,
  firstGivenName,
  matchesHolder,
  normaliseName,
  selectMatchingHolder,
} from './civil-status';

const holder = (overrides: Partial<CivilStatus> = {}): CivilStatus => ({
  familyName: 'Lefèvre-Châtelain',
  givenNames: 'Hélène Marie Zoé',
  birthdate: '1985-03-14',
  gender: 'FEMALE',
  birthplace: '75056',
  birthcountry: '99100',
  ...overrides,
});

const identity = (overrides: Partial<FranceConnectIdentity> = {}): FranceConnectIdentity => ({
  family_name: 'LEFEVRE CHATELAIN',
  given_name: 'Helene Marie Zoe',
  birthdate: '1985-03-14',
  gender: 'female',
  birthplace: '75056',
  birthcountry: '99100',
  sub: 'b6048e95bb134ec5b1d1e1fa69f287172e91722b9354d637a1bcf2ebb0fd2ef5v1',
  ...overrides,
});

describe('names as the identity match compares them (RULES §8)', () => {
  it.each([
    ['Lefèvre', 'LEFEVRE'],
    ['  de   la Tour ', 'DE LA TOUR'],
    ['Jean-Baptiste', 'JEAN BAPTISTE'],
    ["N'Diaye", 'N DIAYE'],
    ['N’Diaye', 'N DIAYE'],
    ['Le\u00a0Goff', 'LE GOFF'],
    ['Œuvray', 'OEUVRAY'],
    ['lætitia', 'LAETITIA'],
    ['Çağla', 'CAGLA'],
    ['Müller–Weiß', 'MULLER WEISS'],
    ['Østergård', 'OSTERGARD'],
    ['Łukasz', 'LUKASZ'],
    ['', ''],
  ])('"%s" compares as "%s"', (raw, normalised) => {
    expect(normaliseName(raw)).toBe(normalised);
  });

  it.each([
    ['Hélène Marie Zoé', 'HELENE'],
    ['  Jean-Pierre   Marie', 'JEAN PIERRE'],
    ['Anne, Sophie', 'ANNE'],
    ['Zoé', 'ZOE'],
    ['', ''],
    ['   ', ''],
  ])('the first given name of "%s" is "%s"', (givenNames, first) => {
    expect(firstGivenName(givenNames)).toBe(first);
  });

  it('normalising a name twice changes nothing (idempotent)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: fc.constantFrom(..."éèÉœŒæÆßẞ-’' \tǰŉøĳǅﬁ".split('')), maxLength: 20 }),
        ),
        (s) => {
          const once = normaliseName(s);
          expect(normaliseName(once)).toBe(once);
          expect(once).toBe(once.trim());
          expect(once).not.toMatch(/\s{2}|[\p{M}\-'’]/u);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('matching a FranceConnect identity with the holder (RULES §8)', () => {
  it('an identity with the same civil status, without accents and in capitals, is the holder', () => {
    expect(matchesHolder(identity(), holder())).toBe(true);
  });

  it('case and accents on either side do not matter', () => {
    expect(
      matchesHolder(identity({ family_name: 'lefèvre-châtelain', given_name: 'HÉLÈNE' }), holder()),
    ).toBe(true);
  });

  it('a hyphenated family name matches the same name written with a space', () => {
    expect(matchesHolder(identity({ family_name: 'Lefevre Chatelain' }), holder())).toBe(true);
    expect(matchesHolder(identity({ family_name: 'LEFEVRE' }), holder())).toBe(false);
  });

  it('only the first given name is compared, however many follow', () => {
    expect(matchesHolder(identity({ given_name: 'Helene' }), holder())).toBe(true);
    expect(matchesHolder(identity({ given_name: 'Helene Louise' }), holder())).toBe(true);
    expect(matchesHolder(identity({ given_name: 'Marie Helene Zoe' }), holder())).toBe(false);
  });

  it('a compound first given name must match whole', () => {
    const jeanPierre = holder({ givenNames: 'Jean-Pierre Paul', gender: 'MALE' });
    expect(matchesHolder(identity({ given_name: 'Jean-Pierre', gender: 'male' }), jeanPierre)).toBe(true);
    expect(matchesHolder(identity({ given_name: 'Jean Pierre', gender: 'male' }), jeanPierre)).toBe(false);
  });

  it('a different birth date, gender or birth country is someone else', () => {
    expect(matchesHolder(identity({ birthdate: '1985-03-15' }), holder())).toBe(false);
    expect(matchesHolder(identity({ gender: 'male' }), holder())).toBe(false);
    expect(matchesHolder(identity({ birthcountry: '99350' }), holder())).toBe(false);
  });

  it('an unknown gender claim matches nobody', () => {
    expect(matchesHolder(identity({ gender: 'unspecified' }), holder())).toBe(false);
    expect(matchesHolder(identity({ gender: '' }), holder())).toBe(false);
  });

  it('the gender claim is read whatever its case', () => {
    expect(matchesHolder(identity({ gender: 'Female' }), holder())).toBe(true);
  });

  it('born in France, a different birthplace is someone else', () => {
    expect(matchesHolder(identity({ birthplace: '69123' }), holder())).toBe(false);
  });

  it('born in France, a missing birthplace on either side matches nobody', () => {
    expect(matchesHolder(identity({ birthplace: '' }), holder())).toBe(false);
    expect(matchesHolder(identity({ birthplace: null }), holder())).toBe(false);
    expect(matchesHolder(identity(), holder({ birthplace: undefined }))).toBe(false);
  });

  it('born in Corsica, the commune code is compared whatever its case', () => {
    expect(matchesHolder(identity({ birthplace: '2a004' }), holder({ birthplace: '2A004' }))).toBe(true);
  });

  it('born abroad, the holder matches without any birthplace', () => {
    const bornInMorocco = holder({ birthcountry: '99350', birthplace: undefined });
    expect(matchesHolder(identity({ birthcountry: '99350', birthplace: '' }), bornInMorocco)).toBe(true);
    expect(matchesHolder(identity({ birthcountry: '99350', birthplace: null }), bornInMorocco)).toBe(true);
    expect(matchesHolder(identity({ birthcountry: '99350', birthplace: undefined }), bornInMorocco)).toBe(
      true,
    );
  });

  it('born abroad, a birthplace recorded on one side does not matter', () => {
    const bornInMorocco = holder({ birthcountry: '99350', birthplace: '12345' });
    expect(matchesHolder(identity({ birthcountry: '99350', birthplace: '' }), bornInMorocco)).toBe(true);
  });

  it('an empty family name matches nobody, even an empty one', () => {
    expect(matchesHolder(identity({ family_name: '' }), holder({ familyName: '' }))).toBe(false);
    expect(matchesHolder(identity({ family_name: ' - ' }), holder({ familyName: '' }))).toBe(false);
  });

  it('a person without any given name matches a file without any given name', () => {
    expect(matchesHolder(identity({ given_name: '' }), holder({ givenNames: '' }))).toBe(true);
    expect(matchesHolder(identity({ given_name: '' }), holder())).toBe(false);
  });

  it('an empty birth date or birth country matches nobody', () => {
    expect(matchesHolder(identity({ birthdate: '' }), holder({ birthdate: '' }))).toBe(false);
    expect(matchesHolder(identity({ birthcountry: '' }), holder({ birthcountry: '' }))).toBe(false);
  });
});

describe('exactly one match, or nothing is shown (RULES §8)', () => {
  const someoneElse = holder({ familyName: 'Martin', givenNames: 'Paul', gender: 'MALE' });

  it('the value of the one matching holder is returned', () => {
    expect(
      selectMatchingHolder(identity(), [
        { holder: someoneElse, value: 'L-1' },
        { holder: holder(), value: 'L-2' },
      ]),
    ).toBe('L-2');
  });

  it('no matching holder gives nothing', () => {
    expect(selectMatchingHolder(identity(), [{ holder: someoneElse, value: 'L-1' }])).toBeNull();
    expect(selectMatchingHolder(identity(), [])).toBeNull();
  });

  it('two matching holders give nothing', () => {
    expect(
      selectMatchingHolder(identity(), [
        { holder: holder(), value: 'L-1' },
        { holder: holder({ familyName: 'LEFEVRE CHATELAIN' }), value: 'L-2' },
      ]),
    ).toBeNull();
  });
});
