import type { CalendarDate, EstablishmentMode, OffenceCode, PostalAddress } from '@ledger/domain';

/**
 * The development seed: the worked examples of RULES §9 lived by the stand-in's test holders, so
 * that a person who logs in as one of them reads the balance the law gives on that day.
 */
export type SeedStep =
  | { on: CalendarDate; kind: 'infraction'; infractionId: string; offenceCode: OffenceCode; checkId?: string; retainedExcessKmh?: number; speedLimitKmh?: number }
  | { on: CalendarDate; kind: 'establish'; infractionId: string; mode: EstablishmentMode }
  | { on: CalendarDate; kind: 'course'; courseId: string; firstDay: CalendarDate };

export interface SeedStory {
  /** The stand-in login of the holder (libs/auth/src/dev/test-identities.ts). */
  login: string;
  licenceNumber: string;
  example: string;
  issuedOn: CalendarDate;
  probationary: boolean;
  /** Where the holder's letters are sent (fictitious addresses). */
  address: PostalAddress;
  steps: SeedStep[];
}

export const SEED_STORIES: readonly SeedStory[] = [
  {
    login: 'camille',
    licenceNumber: '150375100001',
    example: 'E1 — two points, three years',
    issuedOn: '2005-05-12',
    probationary: false,
    address: { lines: ['12 rue des Lilas'], postalCode: '75007', city: 'Paris' },
    steps: [
      { on: '2024-03-10', kind: 'infraction', infractionId: 'E1-speed', offenceCode: 'SPEEDING', retainedExcessKmh: 25, speedLimitKmh: 80 },
      { on: '2024-04-02', kind: 'establish', infractionId: 'E1-speed', mode: 'FINE_PAID' },
    ],
  },
  {
    login: 'ines',
    licenceNumber: '160699350002',
    example: 'E2 — one point, six months',
    issuedOn: '2016-02-01',
    probationary: false,
    address: { lines: ['5 allée des Tilleuls', 'Bâtiment B'], postalCode: '69003', city: 'Lyon' },
    steps: [
      { on: '2024-05-20', kind: 'infraction', infractionId: 'E2-speed', offenceCode: 'SPEEDING', retainedExcessKmh: 12, speedLimitKmh: 110 },
      { on: '2024-06-01', kind: 'establish', infractionId: 'E2-speed', mode: 'FINE_PAID' },
    ],
  },
  {
    login: 'thomas',
    licenceNumber: '98AB12 69 03',
    example: 'E3 — a course after two withdrawals',
    issuedOn: '1998-06-30',
    probationary: false,
    address: { lines: ['27 cours Vitton'], postalCode: '69006', city: 'Lyon' },
    steps: [
      { on: '2024-01-10', kind: 'infraction', infractionId: 'E3-red', offenceCode: 'RED_LIGHT' },
      { on: '2024-01-20', kind: 'establish', infractionId: 'E3-red', mode: 'FINE_PAID' },
      { on: '2024-03-05', kind: 'infraction', infractionId: 'E3-phone', offenceCode: 'PHONE_HELD' },
      { on: '2024-03-15', kind: 'establish', infractionId: 'E3-phone', mode: 'FINE_PAID' },
      { on: '2024-04-09', kind: 'course', courseId: 'E3-course', firstDay: '2024-04-08' },
    ],
  },
  {
    login: 'hugo',
    licenceNumber: '880420A 31 04',
    example: 'E4 — simultaneous infractions',
    issuedOn: '1988-09-15',
    probationary: false,
    address: { lines: ['3 boulevard Pascal Rossini'], postalCode: '20000', city: 'Ajaccio' },
    steps: [
      { on: '2024-06-20', kind: 'infraction', infractionId: 'E4-speed', offenceCode: 'SPEEDING', checkId: 'E4-check', retainedExcessKmh: 45, speedLimitKmh: 90 },
      { on: '2024-06-20', kind: 'infraction', infractionId: 'E4-phone', offenceCode: 'PHONE_HELD', checkId: 'E4-check' },
      { on: '2024-06-20', kind: 'infraction', infractionId: 'E4-belt', offenceCode: 'SEATBELT_DRIVER', checkId: 'E4-check' },
      { on: '2024-07-01', kind: 'establish', infractionId: 'E4-speed', mode: 'FINE_PAID' },
      { on: '2024-07-01', kind: 'establish', infractionId: 'E4-phone', mode: 'FINE_PAID' },
      { on: '2024-07-01', kind: 'establish', infractionId: 'E4-belt', mode: 'FINE_PAID' },
    ],
  },
  {
    login: 'lea',
    licenceNumber: '220613205005',
    example: 'E5 — probation without infraction',
    issuedOn: '2022-06-15',
    probationary: true,
    address: { lines: ['41 rue Sainte'], postalCode: '13001', city: 'Marseille' },
    steps: [],
  },
  {
    login: 'jules',
    licenceNumber: '230929019006',
    example: 'E6 — probation, three points lost',
    issuedOn: '2023-09-01',
    probationary: true,
    address: { lines: ['8 rue de Siam'], postalCode: '29200', city: 'Brest' },
    steps: [
      { on: '2024-02-03', kind: 'infraction', infractionId: 'E6-phone', offenceCode: 'PHONE_HELD' },
      { on: '2024-02-20', kind: 'establish', infractionId: 'E6-phone', mode: 'FINE_PAID' },
      { on: '2024-04-16', kind: 'course', courseId: 'E6-course', firstDay: '2024-04-15' },
    ],
  },
  { login: 'manon', licenceNumber: '130259350007', example: 'a full licence, nothing recorded', issuedOn: '2013-10-02', probationary: false, address: { lines: ['16 rue Esquermoise'], postalCode: '59000', city: 'Lille' }, steps: [] },
  { login: 'nadia', licenceNumber: '070797120008', example: 'a full licence, nothing recorded', issuedOn: '2007-03-21', probationary: false, address: { lines: ['2 rue Frébault'], postalCode: '97110', city: 'Pointe-à-Pitre' }, steps: [] },
];
