import type { InfractionView, LicenceDecision } from '@ledger/domain';
import { infractionWordings } from './infraction-wording';
import { articleOf, explain } from './ledger-explanations';

// The history speaks of offences by their description, class and date — never by an internal id —
// and writes dates in words (issue 15).

const SPEEDING: InfractionView = {
  infractionId: 'E1-speed',
  offenceCode: 'SPEEDING',
  committedOn: '2024-03-10',
  measures: { retainedExcessKmh: 25, speedLimitKmh: 80 },
  establishedOn: '2024-04-02',
  offenceClass: 4,
  points: 2,
  withdrawn: 2,
};
const word = infractionWordings([SPEEDING]);

const withdrawal = (infractionIds: string[]) =>
  ({ type: 'PointsWithdrawn', data: { effectiveOn: '2024-04-02', points: 2, infractionIds } }) as unknown as LicenceDecision;

describe('the history in plain words', () => {
  it('a withdrawal names the offence, its class and date, not its id', () => {
    const sentence = explain(withdrawal(['E1-speed']), word);
    expect(sentence).toContain('« Excès de vitesse » (contravention de la 4e classe commise le 10 mars 2024)');
    expect(sentence).not.toContain('E1-speed');
    expect(articleOf(withdrawal(['E1-speed']))).toBe('L223-1');
  });

  it('simultaneous infractions apply L223-2; an infraction missing from the file reads as "une infraction"', () => {
    const sentence = explain(withdrawal(['E1-speed', 'gone']), word);
    expect(sentence).toContain('une infraction');
    expect(sentence).not.toContain('gone');
    expect(articleOf(withdrawal(['E1-speed', 'gone']))).toBe('L223-2');
  });

  it('a full restoration gives its starting date in words', () => {
    const full = { type: 'PointsRestored', data: { kind: 'FULL', periodMonths: 36, sinceEstablishedOn: '2024-04-02' } } as unknown as LicenceDecision;
    expect(explain(full, word)).toContain('pendant 3 ans depuis le 2 avril 2024');
    expect(articleOf(full)).toBe('L223-6');
  });
});
