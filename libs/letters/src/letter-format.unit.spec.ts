import {
  addressLines,
  frenchDate,
  holderName,
  NO_ADDRESS,
  points,
  signedPoints,
  titleCase,
} from './letter-format';

describe('how letters write dates, figures, names and addresses', () => {
  it('the first of the month is "1er", the others plain numbers, months in French', () => {
    expect(frenchDate('2024-04-01')).toBe('1er avril 2024');
    expect(frenchDate('2024-08-15')).toBe('15 août 2024');
    expect(frenchDate('2027-02-02')).toBe('2 février 2027');
  });

  it('"point" takes the plural from 2 on; a change carries its sign', () => {
    expect([points(0), points(1), points(2), points(12)]).toEqual([
      '0 point',
      '1 point',
      '2 points',
      '12 points',
    ]);
    expect([signedPoints(4), signedPoints(-3), signedPoints(-1)]).toEqual([
      '+4 points',
      '–3 points',
      '–1 point',
    ]);
  });

  it('the holder is named by civility, first given name and family name in capitals', () => {
    const holder = {
      familyName: 'dupont moreau',
      givenNames: 'THOMAS JEAN-BAPTISTE',
      birthdate: '1978-01-30',
      gender: 'MALE' as const,
      birthcountry: '99100',
    };
    expect(holderName(holder)).toBe('Monsieur Thomas DUPONT MOREAU');
    expect(
      holderName({ ...holder, givenNames: 'Léa Aminata', familyName: 'N’Diaye', gender: 'FEMALE' }),
    ).toBe('Madame Léa N’DIAYE');
    expect(titleCase('JEAN-BAPTISTE')).toBe('Jean-Baptiste');
  });

  it('the address ends with the postal code and the city in capitals, the country only abroad', () => {
    expect(
      addressLines({ lines: ['12 rue des Lilas'], postalCode: '75007', city: 'Paris', country: 'France' }),
    ).toEqual(['12 rue des Lilas', '75007 PARIS']);
    expect(
      addressLines({ lines: ['Rue du Lac 3'], postalCode: '1003', city: 'Lausanne', country: 'Suisse' }),
    ).toEqual(['Rue du Lac 3', '1003 LAUSANNE', 'SUISSE']);
    expect(addressLines(undefined)).toEqual([NO_ADDRESS]);
  });
});
