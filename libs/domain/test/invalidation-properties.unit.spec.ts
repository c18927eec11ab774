import fc from 'fast-check';
import {
  addDays,
  decide,
  evolve,
  initialState,
  isDecision,
  isDomainError,
  rawPointsChange,
  situationAt,
  timeline,
  type CalendarDate,
  type LicenceCommand,
  type LicenceEvent,
  type LicenceState,
} from '@ledger/domain';
import { A_HOLDER } from '@ledger/testing';

/**
 * RULES §1, §2 and §5: any sequence of nil balances, courses, cancellations, deliveries, hand-ins
 * and new issues of the number, recorded late or on time, leaves the ledger where the timeline
 * says: the decisions it holds are the timeline's, its events add up to the timeline's raw balance
 * in the period in force, and every delivery that found a nil balance is an invalidation. (About
 * one history in ten reaches an invalidation, one in thirty a new issue of the number.)
 */

type Step =
  | { kind: 'delit'; lag: number; establishLag: number }
  | { kind: 'course'; lag: number }
  | { kind: 'cancel'; pick: number; lag: number }
  | { kind: 'delivered'; lag: number }
  | { kind: 'surrendered'; lag: number }
  | { kind: 'issuedAgain'; waitDays: number }
  | { kind: 'run' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('delit' as const),
      lag: fc.integer({ min: 0, max: 60 }),
      establishLag: fc.integer({ min: 0, max: 20 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('course' as const), lag: fc.integer({ min: 1, max: 40 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('cancel' as const),
      pick: fc.nat(),
      lag: fc.integer({ min: 0, max: 30 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('delivered' as const), lag: fc.integer({ min: 0, max: 20 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('surrendered' as const), lag: fc.integer({ min: 0, max: 20 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('issuedAgain' as const),
      waitDays: fc.integer({ min: 150, max: 400 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'run' as const }) },
);

const ISSUED_ON = '2015-01-10';

const historyArbitrary = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 200 }), step: stepArbitrary }), {
    minLength: 1,
    maxLength: 30,
  })
  .map((steps) => {
    const commands: LicenceCommand[] = [
      {
        type: 'IssueLicence',
        today: ISSUED_ON,
        data: { licenceNumber: '901004310016', issuedOn: ISSUED_ON, holder: A_HOLDER, probationary: false },
      },
    ];
    let today: CalendarDate = '2020-01-01';
    const infractions: Array<{ id: string; committedOn: CalendarDate }> = [];
    steps.forEach(({ gap, step }, index) => {
      today = addDays(today, gap);
      const back = (lag: number) => addDays(today, -lag);
      switch (step.kind) {
        case 'delit': {
          const id = `drugs-${index}`;
          const committedOn = back(step.lag + step.establishLag);
          infractions.push({ id, committedOn });
          commands.push({
            type: 'RecordInfraction',
            today,
            data: { infractionId: id, offenceCode: 'DRUGS', committedOn },
          });
          commands.push({
            type: 'EstablishInfraction',
            today,
            data: { infractionId: id, mode: 'FINE_PAID', establishedOn: back(step.lag) },
          });
          break;
        }
        case 'course':
          commands.push({
            type: 'RecordTrainingCourse',
            today,
            data: { courseId: `course-${index}`, firstDay: back(step.lag + 1), lastDay: back(step.lag) },
          });
          break;
        case 'cancel': {
          if (infractions.length === 0) break;
          const target = infractions[step.pick % infractions.length];
          const on = back(step.lag);
          commands.push({
            type: 'CancelInfraction',
            today,
            data: {
              infractionId: target.id,
              cancelledOn: on < target.committedOn ? target.committedOn : on,
              reason: 'annulée',
            },
          });
          break;
        }
        case 'delivered':
          commands.push({
            type: 'RecordInvalidationDelivered',
            today,
            data: { deliveredOn: back(step.lag) },
          });
          break;
        case 'surrendered':
          commands.push({ type: 'RecordLicenceSurrendered', today, data: { surrenderedOn: back(step.lag) } });
          break;
        case 'issuedAgain':
          // handed in today, then the same number asked for again some months later (RULES §2, §5)
          commands.push({ type: 'RecordLicenceSurrendered', today, data: { surrenderedOn: today } });
          today = addDays(today, step.waitDays);
          commands.push({
            type: 'IssueLicence',
            today,
            data: { licenceNumber: '901004310016', issuedOn: today, holder: A_HOLDER, probationary: true },
          });
          break;
        case 'run':
          commands.push({ type: 'ApplyDueChanges', today, data: { asOf: today } });
          break;
      }
    });
    commands.push({ type: 'ApplyDueChanges', today, data: { asOf: today } });
    return { commands, lastDay: today };
  });

function replay(commands: readonly LicenceCommand[]): { state: LicenceState; events: LicenceEvent[] } {
  let state = initialState();
  const events: LicenceEvent[] = [];
  for (const command of commands) {
    try {
      const appended = decide(command, state);
      state = appended.reduce(evolve, state);
      events.push(...appended);
    } catch (error) {
      if (!isDomainError(error)) throw error; // a refusal of the law appends nothing; anything else is a fault
    }
  }
  return { state, events };
}

describe('nil balances, courses, cancellations and deliveries end where the timeline says (RULES §1, §5)', () => {
  test('property: the ledger holds the timeline, its events add up to its raw balance, and each delivery on a nil balance invalidates', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ commands, lastDay }) => {
        const { state, events } = replay(commands);
        const expected = timeline(state.facts, lastDay);
        expect([...state.recorded.keys()].sort()).toEqual(expected.map((d) => d.data.decisionId).sort());

        // The period in force starts at 12 (the first issue) or 6 (issued again, RULES §2).
        const situation = situationAt(state.facts, lastDay)!;
        const periodStart = situation.file.issuedOn;
        const inPeriod = (on: CalendarDate) => on >= periodStart;
        const ledgerRaw = events.reduce(
          (raw, e) =>
            raw +
            (isDecision(e) && inPeriod(e.data.effectiveOn)
              ? rawPointsChange(e)
              : e.type === 'DecisionReversed' && inPeriod(e.data.effectiveOn)
                ? e.data.rawPointsChange
                : 0),
          situation.file.earlierPeriods.length === 0 ? 12 : 6,
        );
        expect(ledgerRaw).toBe(situation.rawPoints);

        const invalidations = expected.filter((d) => d.type === 'LicenceInvalidated');
        // an invalidation that took effect ends its period: at most one per period
        expect(invalidations.length).toBeLessThanOrEqual(situation.file.earlierPeriods.length + 1);
        expect(invalidations.filter((d) => inPeriod(d.data.effectiveOn)).length).toBeLessThanOrEqual(1);
        const inForce = invalidations.filter((d) => inPeriod(d.data.effectiveOn));
        expect(situation.status).toBe(
          inForce.length ? 'INVALIDATED' : situation.rawPoints <= 0 ? 'INVALIDATION_PENDING' : 'VALID',
        );
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });

  test('property: a delivery accepted found a 48SI pending on its date; one refused as not pending found the balance above zero', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ commands }) => {
        let state = initialState();
        for (const command of commands) {
          let appended: LicenceEvent[] = [];
          let refusal: string | undefined;
          try {
            appended = decide(command, state);
          } catch (error) {
            if (!isDomainError(error)) throw error;
            refusal = error.code;
          }
          if (
            command.type === 'RecordInvalidationDelivered' &&
            refusal === undefined &&
            appended.length > 0
          ) {
            const on = situationAt([...state.facts], command.data.deliveredOn)!;
            expect(on.status).toBe('INVALIDATION_PENDING');
          }
          if (command.type === 'RecordInvalidationDelivered' && refusal === 'INVALIDATION.NOT_PENDING') {
            expect(situationAt([...state.facts], command.data.deliveredOn)!.rawPoints).toBeGreaterThan(0);
          }
          state = appended.reduce(evolve, state);
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });
});
