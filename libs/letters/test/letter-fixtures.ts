import type { CivilStatus, LetterReference, PostalAddress } from '@ledger/domain';
import type { LetterInfraction, LetterInput } from '@ledger/letters';

/**
 * One letter input per reference of RULES §6, taken from the worked examples (E1–E6) where one
 * fits, so that each letter's figures can be checked against the example.
 */

export const CAMILLE: CivilStatus = {
  familyName: 'MARTIN',
  givenNames: 'CAMILLE ANNE',
  birthdate: '1985-03-14',
  gender: 'FEMALE',
  birthplace: '75107',
  birthcountry: '99100',
};

export const JULES: CivilStatus = {
  familyName: 'LE-GOFF',
  givenNames: 'JULES YANN',
  birthdate: '2004-06-01',
  gender: 'MALE',
  birthplace: '29019',
  birthcountry: '99100',
};

export const AN_ADDRESS: PostalAddress = {
  lines: ['12 rue des Lilas', 'Appartement 4'],
  postalCode: '75007',
  city: 'Paris',
};

const speeding25: LetterInfraction = {
  infractionId: 'E1-speed',
  offenceCode: 'SPEEDING',
  offenceClass: 4,
  committedOn: '2024-03-10',
  establishedOn: '2024-04-02',
  establishedBy: 'FINE_PAID',
  points: 2,
  retainedExcessKmh: 25,
  speedLimitKmh: 80,
};

const phone = (id: string, committedOn: string, establishedOn: string, points = 3): LetterInfraction => ({
  infractionId: id,
  offenceCode: 'PHONE_HELD',
  offenceClass: 4,
  committedOn,
  establishedOn,
  establishedBy: 'FINE_PAID',
  points,
});

const redLight: LetterInfraction = {
  infractionId: 'red',
  offenceCode: 'RED_LIGHT',
  offenceClass: 4,
  committedOn: '2024-01-10',
  establishedOn: '2024-01-20',
  establishedBy: 'FINE_PAID',
  points: 4,
};

const REFERENCES: LetterReference[] = ['48', '48M', '48N', '48SI', '46', '46D', '46B', '47', 'CORRECTION'];

const base = (reference: LetterReference, licenceNumber = '150375100001', holder = CAMILLE) => ({
  letterId: `L-00000000-0000-5000-8000-${String(REFERENCES.indexOf(reference) + 1).padStart(12, '0')}`,
  reference,
  licenceNumber,
  holder,
  address: AN_ADDRESS,
});

export const LETTER_INPUTS: Record<LetterReference, LetterInput> = {
  // E1: 25 km/h over 80, paid 2024-04-02 → 10 (48).
  '48': {
    ...base('48'),
    issuedOn: '2024-04-03',
    cause: {
      kind: 'WITHDRAWAL',
      effectiveOn: '2024-04-02',
      points: 2,
      rawBalanceAfter: 10,
      capitalAfter: 12,
      probationary: false,
      infractions: [speeding25],
      severeSinceLastFullRestoration: true,
    },
  },
  // E3: phone held, paid 2024-03-15 → 5 (48M).
  '48M': {
    ...base('48M', '98AB12 69 03'),
    issuedOn: '2024-03-16',
    cause: {
      kind: 'WITHDRAWAL',
      effectiveOn: '2024-03-15',
      points: 3,
      rawBalanceAfter: 5,
      capitalAfter: 12,
      probationary: false,
      infractions: [phone('E3-phone', '2024-03-05', '2024-03-15')],
      severeSinceLastFullRestoration: true,
    },
  },
  // E6: probation, phone held paid 2024-02-20 → 3 of 6 (48N).
  '48N': {
    ...base('48N', '230929019006', JULES),
    issuedOn: '2024-02-21',
    cause: {
      kind: 'WITHDRAWAL',
      effectiveOn: '2024-02-20',
      points: 3,
      rawBalanceAfter: 3,
      capitalAfter: 6,
      probationary: true,
      infractions: [phone('E6-phone', '2024-02-03', '2024-02-20')],
      severeSinceLastFullRestoration: true,
    },
  },
  // 12 − 4 (red light) − 3 (phone) + 4 (course) − 6 (alcohol) − 4 (stop) = −1: invalidation (48SI).
  '48SI': {
    ...base('48SI'),
    issuedOn: '2024-11-06',
    cause: {
      kind: 'WITHDRAWAL',
      effectiveOn: '2024-11-05',
      points: 4,
      rawBalanceAfter: -1,
      capitalAfter: 12,
      probationary: false,
      infractions: [
        {
          infractionId: 'stop',
          offenceCode: 'STOP_SIGN',
          offenceClass: 4,
          committedOn: '2024-10-01',
          establishedOn: '2024-11-05',
          establishedBy: 'INCREASED_FINE_ISSUED',
          points: 4,
        },
      ],
      severeSinceLastFullRestoration: true,
      recap: {
        since: { on: '2005-05-12', event: 'ISSUE' },
        startingRawBalance: 12,
        movements: [
          { effectiveOn: '2024-01-20', kind: 'WITHDRAWAL', change: -4, infractions: [redLight] },
          {
            effectiveOn: '2024-03-15',
            kind: 'WITHDRAWAL',
            change: -3,
            infractions: [phone('phone', '2024-03-05', '2024-03-15')],
          },
          { effectiveOn: '2024-04-10', kind: 'COURSE', change: 4, infractions: [] },
          {
            effectiveOn: '2024-09-02',
            kind: 'WITHDRAWAL',
            change: -6,
            infractions: [
              {
                infractionId: 'alcohol',
                offenceCode: 'ALCOHOL',
                offenceClass: 'DELIT',
                committedOn: '2024-06-14',
                establishedOn: '2024-09-02',
                establishedBy: 'CONVICTION_FINAL',
                points: 6,
                alcoholGramsPerLitreBlood: 0.9,
              },
            ],
          },
          {
            effectiveOn: '2024-11-05',
            kind: 'WITHDRAWAL',
            change: -4,
            infractions: [
              {
                infractionId: 'stop',
                offenceCode: 'STOP_SIGN',
                offenceClass: 4,
                committedOn: '2024-10-01',
                establishedOn: '2024-11-05',
                points: 4,
              },
            ],
          },
        ],
      },
    },
  },
  // E1: 2027-04-02 → 12 (46, three years: 4th class).
  '46': {
    ...base('46'),
    issuedOn: '2027-04-02',
    cause: {
      kind: 'FULL_RESTORATION',
      effectiveOn: '2027-04-02',
      points: 2,
      rawBalanceAfter: 12,
      capitalAfter: 12,
      sinceEstablishedOn: '2024-04-02',
      periodMonths: 36,
    },
  },
  // E2: one point withdrawn 2024-06-01, back 2024-12-01 (46D).
  '46D': {
    ...base('46D', '160699350002'),
    issuedOn: '2024-12-01',
    cause: {
      kind: 'SIX_MONTHS_RESTORATION',
      effectiveOn: '2024-12-01',
      points: 1,
      rawBalanceAfter: 12,
      capitalAfter: 12,
      sinceEstablishedOn: '2024-06-01',
      infraction: {
        infractionId: 'E2-speed',
        offenceCode: 'SPEEDING',
        offenceClass: 3,
        committedOn: '2024-05-20',
        establishedOn: '2024-06-01',
        retainedExcessKmh: 12,
        speedLimitKmh: 110,
      },
    },
  },
  // A 3rd-class contravention's point comes back ten years after its establishment (46B).
  '46B': {
    ...base('46B'),
    issuedOn: '2024-06-01',
    cause: {
      kind: 'TEN_YEARS_RESTORATION',
      effectiveOn: '2024-06-01',
      points: 1,
      rawBalanceAfter: 9,
      capitalAfter: 12,
      sinceEstablishedOn: '2014-06-01',
      infraction: {
        infractionId: 'old',
        offenceCode: 'SPEEDING',
        offenceClass: 3,
        committedOn: '2014-05-02',
        establishedOn: '2014-06-01',
        retainedExcessKmh: 15,
        speedLimitKmh: 110,
      },
    },
  },
  // E3: course on 2024-04-08 and 2024-04-09 → 9 on 2024-04-10 (47).
  '47': {
    ...base('47', '98AB12 69 03'),
    issuedOn: '2024-04-11',
    cause: {
      kind: 'COURSE_CREDITED',
      effectiveOn: '2024-04-10',
      points: 4,
      rawBalanceAfter: 9,
      capitalAfter: 12,
      firstDay: '2024-04-08',
      lastDay: '2024-04-09',
    },
  },
  // The red light of 2024-01-10 is cancelled after its withdrawal: +4, back to 12.
  CORRECTION: {
    ...base('CORRECTION'),
    issuedOn: '2024-05-03',
    cause: {
      kind: 'CORRECTION',
      reversedType: 'PointsWithdrawn',
      reversedEffectiveOn: '2024-01-20',
      rawPointsChange: 4,
      correctedOn: '2024-05-03',
      infractions: [{ ...redLight, cancelledOn: '2024-05-02' }],
      balanceAfter: { rawPoints: 12, capital: 12 },
    },
  },
};
