import { createHash } from 'node:crypto';
import type { CivilStatus, FranceConnectIdentity } from '@ledger/domain';

/**
 * The people of the development FranceConnect stand-in. Each holder comes with the civil status a
 * licence file would hold for them, written as a prefecture would (often upper case, without
 * accents), so that a seed can issue their licences and the matching of RULES §8 has real work to
 * do: accents, hyphens, apostrophes, a ligature, several given names, a Corsican commune code, an
 * overseas birth and births abroad. `intruder` matches no one.
 */
export interface DevIdentity {
  /** What to type or pick on the stand-in's login page. */
  login: string;
  description: string;
  /** The pivot identity the stand-in returns (userinfo), with a stable FranceConnect-like `sub`. */
  franceConnect: FranceConnectIdentity & { sub: string };
}

export interface DevHolder extends DevIdentity {
  /** The civil status to put on this holder's licence file. */
  civilStatus: CivilStatus;
}

/** FranceConnect subjects look like 64 hex digits and a version suffix; stable across restarts. */
const subFor = (login: string): string =>
  `${createHash('sha256').update(`points-ledger dev franceconnect ${login}`).digest('hex')}v1`;

const holder = (
  login: string,
  description: string,
  franceConnect: Omit<FranceConnectIdentity, 'sub'>,
  civilStatus: CivilStatus,
): DevHolder => ({
  login,
  description,
  franceConnect: { ...franceConnect, sub: subFor(login) },
  civilStatus,
});

export const DEV_HOLDERS: readonly DevHolder[] = [
  holder(
    'camille',
    'Camille Martin, born in Paris 7e',
    {
      given_name: 'Camille Anne',
      family_name: 'MARTIN',
      birthdate: '1985-03-14',
      gender: 'female',
      birthplace: '75107',
      birthcountry: '99100',
    },
    {
      familyName: 'MARTIN',
      givenNames: 'CAMILLE ANNE',
      birthdate: '1985-03-14',
      gender: 'FEMALE',
      birthplace: '75107',
      birthcountry: '99100',
    },
  ),
  holder(
    'jules',
    'Jules Le Goff, young driver born in Brest',
    {
      given_name: 'Jules Yann',
      family_name: 'LE GOFF',
      birthdate: '2004-06-01',
      gender: 'male',
      birthplace: '29019',
      birthcountry: '99100',
    },
    {
      familyName: 'LE-GOFF',
      givenNames: 'JULES YANN',
      birthdate: '2004-06-01',
      gender: 'MALE',
      birthplace: '29019',
      birthcountry: '99100',
    },
  ),
  holder(
    'ines',
    'Inès Benali, born in Casablanca (Morocco): no birthplace',
    {
      given_name: 'Inès Yasmine',
      family_name: 'BENALI',
      birthdate: '1992-11-23',
      gender: 'female',
      birthplace: '',
      birthcountry: '99350',
    },
    {
      familyName: 'BENALI',
      givenNames: 'INES YASMINE',
      birthdate: '1992-11-23',
      gender: 'FEMALE',
      birthcountry: '99350',
    },
  ),
  holder(
    'thomas',
    'Thomas Dupont-Moreau, compound names, born in Lyon 3e',
    {
      given_name: 'Thomas Jean-Baptiste',
      family_name: 'DUPONT-MOREAU',
      birthdate: '1978-01-30',
      gender: 'male',
      birthplace: '69383',
      birthcountry: '99100',
    },
    {
      familyName: 'DUPONT MOREAU',
      givenNames: 'THOMAS JEAN-BAPTISTE',
      birthdate: '1978-01-30',
      gender: 'MALE',
      birthplace: '69383',
      birthcountry: '99100',
    },
  ),
  holder(
    'lea',
    "Léa N'Diaye, apostrophe and accent, born in Marseille 5e",
    {
      given_name: 'Léa Aminata',
      family_name: "N'DIAYE",
      birthdate: '2001-09-09',
      gender: 'female',
      birthplace: '13205',
      birthcountry: '99100',
    },
    {
      familyName: 'N’Diaye',
      givenNames: 'Léa Aminata',
      birthdate: '2001-09-09',
      gender: 'FEMALE',
      birthplace: '13205',
      birthcountry: '99100',
    },
  ),
  holder(
    'hugo',
    'Hugo Lefèvre, born in Ajaccio (Corsican code 2A004)',
    {
      given_name: 'Hugo Étienne',
      family_name: 'LEFÈVRE',
      birthdate: '1969-12-31',
      gender: 'male',
      birthplace: '2A004',
      birthcountry: '99100',
    },
    {
      familyName: 'LEFEVRE',
      givenNames: 'HUGO ETIENNE',
      birthdate: '1969-12-31',
      gender: 'MALE',
      birthplace: '2a004',
      birthcountry: '99100',
    },
  ),
  holder(
    'manon',
    'Manon Cœurdevey, a ligature, born in Lille',
    {
      given_name: 'Manon Élise',
      family_name: 'CŒURDEVEY',
      birthdate: '1995-02-28',
      gender: 'female',
      birthplace: '59350',
      birthcountry: '99100',
    },
    {
      familyName: 'COEURDEVEY',
      givenNames: 'MANON ELISE',
      birthdate: '1995-02-28',
      gender: 'FEMALE',
      birthplace: '59350',
      birthcountry: '99100',
    },
  ),
  holder(
    'nadia',
    'Nadia Haddad, born in Pointe-à-Pitre (Guadeloupe, France)',
    {
      given_name: 'Nadia',
      family_name: 'HADDAD',
      birthdate: '1988-07-04',
      gender: 'female',
      birthplace: '97120',
      birthcountry: '99100',
    },
    {
      familyName: 'HADDAD',
      givenNames: 'NADIA',
      birthdate: '1988-07-04',
      gender: 'FEMALE',
      birthplace: '97120',
      birthcountry: '99100',
    },
  ),
  holder(
    'karl',
    'Karl Müller, born in Munich (Germany): no birthplace',
    {
      given_name: 'Karl Friedrich',
      family_name: 'MÜLLER',
      birthdate: '1960-05-17',
      gender: 'male',
      birthplace: '',
      birthcountry: '99109',
    },
    {
      familyName: 'MULLER',
      givenNames: 'KARL FRIEDRICH',
      birthdate: '1960-05-17',
      gender: 'MALE',
      birthcountry: '99109',
    },
  ),
];

/**
 * Same names as camille, another birth date: a namesake without a licence, who must see nothing
 * (RULES §8).
 */
export const DEV_INTRUDER: DevIdentity = {
  login: 'intruder',
  description: 'Camille Martin, a namesake born on another day: holds no licence here',
  franceConnect: {
    sub: subFor('intruder'),
    given_name: 'Camille',
    family_name: 'MARTIN',
    birthdate: '1985-03-15',
    gender: 'female',
    birthplace: '75107',
    birthcountry: '99100',
  },
};

/** Everyone the stand-in can log in, holders first. */
export const DEV_IDENTITIES: readonly DevIdentity[] = [...DEV_HOLDERS, DEV_INTRUDER];

export const devIdentityByLogin = (login: string): DevIdentity | undefined =>
  DEV_IDENTITIES.find((identity) => identity.login === login);

export const devIdentityBySub = (sub: string): DevIdentity | undefined =>
  DEV_IDENTITIES.find((identity) => identity.franceConnect.sub === sub);

/** A holder by login, for seeds and tests; throws on a typo rather than seeding nobody. */
export function devHolder(login: string): DevHolder {
  const found = DEV_HOLDERS.find((candidate) => candidate.login === login);
  if (!found) throw new Error(`no development holder named ${login}`);
  return found;
}
