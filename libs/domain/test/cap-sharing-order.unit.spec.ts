import fc from 'fast-check';
import { capSharingOrder, type OffenceCode, type PointsWithdrawn } from '@ledger/domain';
import { LicenceScenario } from '@ledger/testing';

/**
 * RULES §3, our reading: infractions of one check established on the same date share the 8-point
 * cap in a fixed order (classes 1–4, then 5th class, then délits; the larger withdrawal first;
 * then by infractionId), never in the order staff recorded them.
 */

interface CheckInfraction {
  id: string;
  code: OffenceCode;
  extra?: { retainedExcessKmh: number; speedLimitKmh: number };
}

/** Full licence at 12; the check's infractions recorded in the given order, all paid on 2024-07-01. */
function oneCheckRecordedInOrder(infractions: readonly CheckInfraction[]): LicenceScenario {
  const s = LicenceScenario.fullLicence('2015-01-10');
  for (const i of infractions)
    s.infraction(i.id, i.code, '2024-06-20', { checkId: 'check-1', ...(i.extra ?? {}) });
  for (const i of infractions) s.establish(i.id, '2024-07-01', 'FINE_PAID', '2024-07-01');
  return s.runUntil('2024-07-01');
}

const withdrawalOn = (s: LicenceScenario, on: string) =>
  s
    .recordedDecisions()
    .find((d): d is PointsWithdrawn => d.type === 'PointsWithdrawn' && d.data.effectiveOn === on)!;

describe('the cap of one check is shared in a fixed order (RULES §3)', () => {
  test('contraventions of classes 1–4 take their share before a délit', () => {
    // A délit (6) and a red light (4, 4th class) recorded délit first: the red light keeps its 4, the délit 4.
    const s = oneCheckRecordedInOrder([
      { id: 'a-drugs', code: 'DRUGS' },
      { id: 'b-red', code: 'RED_LIGHT' },
    ]);
    expect(withdrawalOn(s, '2024-07-01').data.pointsByInfraction).toEqual({ 'a-drugs': 4, 'b-red': 4 });
  });

  test('a 5th-class contravention takes its share after classes 1–4 and before a délit', () => {
    expect(
      capSharingOrder([
        { infractionId: 'd', offenceClass: 'DELIT', points: 6 },
        { infractionId: 'c', offenceClass: 5, points: 6 },
        { infractionId: 'b', offenceClass: 3, points: 1 },
      ]).map((i) => i.infractionId),
    ).toEqual(['b', 'c', 'd']);
  });

  test('within one class the larger withdrawal comes first, then the infraction id', () => {
    expect(
      capSharingOrder([
        { infractionId: 'z', offenceClass: 4, points: 3 },
        { infractionId: 'a', offenceClass: 4, points: 3 },
        { infractionId: 'm', offenceClass: 4, points: 4 },
      ]).map((i) => i.infractionId),
    ).toEqual(['m', 'a', 'z']);
  });

  test('property: the same withdrawal whatever the order the infractions were recorded in', () => {
    const catalogue: CheckInfraction[] = [
      { id: 'speed', code: 'SPEEDING', extra: { retainedExcessKmh: 45, speedLimitKmh: 90 } },
      { id: 'phone', code: 'PHONE_HELD' },
      { id: 'belt', code: 'SEATBELT_DRIVER' },
      { id: 'drugs', code: 'DRUGS' },
      { id: 'red', code: 'RED_LIGHT' },
      { id: 'stop', code: 'STOP_SIGN' },
    ];
    const someInOrder = fc
      .subarray(catalogue, { minLength: 2 })
      .chain((chosen) =>
        fc
          .shuffledSubarray(chosen, { minLength: chosen.length, maxLength: chosen.length })
          .map((shuffled) => ({ chosen, shuffled })),
      );
    fc.assert(
      fc.property(someInOrder, ({ chosen, shuffled }) => {
        const a = withdrawalOn(oneCheckRecordedInOrder(chosen), '2024-07-01').data;
        const b = withdrawalOn(oneCheckRecordedInOrder(shuffled), '2024-07-01').data;
        expect(b.pointsByInfraction).toEqual(a.pointsByInfraction);
        expect(b.points).toBe(a.points);
        expect(b.rawBalanceAfter).toBe(a.rawBalanceAfter);
      }),
      { numRuns: 100 },
    );
  });
});
