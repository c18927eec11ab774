import type { LetterReference } from '@ledger/domain';
import { DatedScenario } from './dated-scenario';

/** The worked examples and a few more stories, each producing the letter it is named after (RULES §6, §9). */
export interface LetterStory {
  reference: LetterReference;
  says: string;
  scenario: () => DatedScenario;
}

const speeding25 = { retainedExcessKmh: 25, speedLimitKmh: 80 };

export const LETTER_STORIES: readonly LetterStory[] = [
  {
    reference: '48',
    says: 'E1: 25 km/h over 80, fine paid 2024-04-02 → 10 points',
    scenario: () =>
      DatedScenario.issued('150375100001', '2005-05-12').paid(
        'E1-speed',
        'SPEEDING',
        '2024-03-10',
        '2024-04-02',
        speeding25,
      ),
  },
  {
    reference: '48M',
    says: 'E3: red light then phone held → 5 points',
    scenario: () =>
      DatedScenario.issued('98AB12 69 03', '1998-06-30')
        .paid('E3-red', 'RED_LIGHT', '2024-01-10', '2024-01-20')
        .paid('E3-phone', 'PHONE_HELD', '2024-03-05', '2024-03-15'),
  },
  {
    reference: '48N',
    says: 'E6: probation, phone held paid 2024-02-20 → 3 of 6, course due within 4 months',
    scenario: () =>
      DatedScenario.issued('230929019006', '2023-09-01', { probationary: true }).paid(
        'E6-phone',
        'PHONE_HELD',
        '2024-02-03',
        '2024-02-20',
      ),
  },
  {
    reference: '48SI',
    says: 'alcohol (6), phone (3), red light (4): raw balance −1, invalidation',
    scenario: () =>
      DatedScenario.issued('901004310016', '2005-05-12')
        .paid('alcohol', 'ALCOHOL', '2024-02-10', '2024-03-01', { alcoholGramsPerLitreBlood: 0.9 })
        .paid('phone', 'PHONE_HELD', '2024-05-05', '2024-05-20')
        .paid('red', 'RED_LIGHT', '2024-09-01', '2024-09-20'),
  },
  {
    reference: '46',
    says: 'E1: back to 12 on 2027-04-02, three years after (4th class)',
    scenario: () =>
      DatedScenario.issued('150375100001', '2005-05-12')
        .paid('E1-speed', 'SPEEDING', '2024-03-10', '2024-04-02', speeding25)
        .runUntil('2027-04-02'),
  },
  {
    reference: '46D',
    says: 'E2: one point withdrawn 2024-06-01 comes back 2024-12-01',
    scenario: () =>
      DatedScenario.issued('160699350002', '2016-02-01')
        .paid('E2-speed', 'SPEEDING', '2024-05-20', '2024-06-01', {
          retainedExcessKmh: 12,
          speedLimitKmh: 110,
        })
        .runUntil('2024-12-01'),
  },
  {
    reference: '46B',
    says: 'an infraction every 2½ years: the first one’s 2 points come back ten years after, 2020-01-15',
    scenario: () =>
      DatedScenario.issued('880420A 31 04', '2008-09-15')
        .paid('s2010', 'SPEEDING', '2010-01-05', '2010-01-15', speeding25)
        .paid('s2012', 'SPEEDING', '2012-07-05', '2012-07-15', speeding25)
        .paid('s2015', 'SPEEDING', '2015-01-05', '2015-01-15', speeding25)
        .paid('s2017', 'SPEEDING', '2017-07-05', '2017-07-15', speeding25)
        .runUntil('2020-01-15'),
  },
  {
    reference: '47',
    says: 'E3: course on 2024-04-08 and 09 → 9 on 2024-04-10',
    scenario: () =>
      DatedScenario.issued('98AB12 69 03', '1998-06-30')
        .paid('E3-red', 'RED_LIGHT', '2024-01-10', '2024-01-20')
        .paid('E3-phone', 'PHONE_HELD', '2024-03-05', '2024-03-15')
        .course('2024-04-08', '2024-04-09')
        .runUntil('2024-04-10'),
  },
  {
    reference: 'CORRECTION',
    says: 'a red light withdrawn 2024-01-20, cancelled 2024-05-02: +4, back to 12',
    scenario: () =>
      DatedScenario.issued('070797120008', '2007-03-21')
        .paid('red', 'RED_LIGHT', '2024-01-10', '2024-01-20')
        .cancel('red', '2024-05-02'),
  },
];

/** E5: probation without infraction ends with 12 of 12 (46); the yearly increments call for no letter. */
export const PROBATION_END_STORY = (): DatedScenario =>
  DatedScenario.issued('220613205005', '2022-06-15', { probationary: true })
    .runUntil('2023-06-15')
    .runUntil('2024-06-15')
    .runUntil('2025-06-15');
