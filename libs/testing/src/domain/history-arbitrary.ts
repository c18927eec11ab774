import fc from 'fast-check';
import { addDays, type CalendarDate, type LicenceCommand, type OffenceCode } from '@ledger/domain';
import { A_HOLDER } from './licence-scenario';

/**
 * Random licence histories for property tests: a licence, then clerks' commands recorded on
 * non-decreasing days, each fact dated up to a few months before the day it is recorded (late
 * facts), with daily runs in between. Some commands are refused by the law: that is part of it.
 */
export interface GeneratedHistory {
  commands: LicenceCommand[];
  lastDay: CalendarDate;
}

const CODES: OffenceCode[] = ['SPEEDING', 'RED_LIGHT', 'PHONE_HELD', 'SEATBELT_DRIVER', 'CONTINUOUS_LINE_STRADDLED', 'ALCOHOL', 'DRUGS', 'NO_DIRECTION_SIGNAL'];

type Step =
  | { kind: 'infraction'; code: OffenceCode; lag: number; excess: number; limit: number; alcohol: number; check: boolean }
  | { kind: 'establish'; pick: number; lag: number }
  | { kind: 'cancel'; pick: number; lag: number }
  | { kind: 'course'; lag: number }
  | { kind: 'complementary'; offset: number }
  | { kind: 'delivered'; lag: number }
  | { kind: 'surrendered'; lag: number }
  | { kind: 'run' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('infraction' as const), code: fc.constantFrom(...CODES), lag: fc.integer({ min: 0, max: 120 }), excess: fc.integer({ min: 1, max: 60 }), limit: fc.constantFrom(50, 80, 90, 110, 130), alcohol: fc.constantFrom(0.3, 0.55, 0.9), check: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('establish' as const), pick: fc.nat(), lag: fc.integer({ min: 0, max: 90 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(), lag: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('course' as const), lag: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('complementary' as const), offset: fc.integer({ min: 180, max: 370 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delivered' as const), lag: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('surrendered' as const), lag: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'run' as const }) },
);

export const historyArbitrary: fc.Arbitrary<GeneratedHistory> = fc
  .record({
    issuedOffset: fc.integer({ min: 0, max: 3650 }),
    probationary: fc.boolean(),
    earlyLearning: fc.boolean(),
    openingBalance: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
    steps: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 400 }), step: stepArbitrary }), { maxLength: 18 }),
  })
  .map(({ issuedOffset, probationary, earlyLearning, openingBalance, steps }) => {
    const issuedOn = addDays('2012-01-01', issuedOffset);
    const commands: LicenceCommand[] = [
      {
        type: 'IssueLicence',
        today: issuedOn,
        data: {
          licenceNumber: '901004310016',
          issuedOn,
          holder: A_HOLDER,
          probationary,
          earlyLearning: probationary && earlyLearning,
          ...(openingBalance !== undefined && (!probationary || openingBalance <= 6) ? { openingBalance } : {}),
        },
      },
    ];
    let today = issuedOn;
    const infractions: Array<{ id: string; committedOn: CalendarDate }> = [];
    const back = (lag: number): CalendarDate => {
      const d = addDays(today, -lag);
      return d < issuedOn ? issuedOn : d;
    };
    steps.forEach(({ gap, step }, index) => {
      today = addDays(today, gap);
      switch (step.kind) {
        case 'infraction': {
          const id = `inf-${index}`;
          const committedOn = back(step.lag);
          const previous = infractions[infractions.length - 1];
          const checkId = step.check && previous && previous.committedOn === committedOn ? `check-${previous.id}` : undefined;
          infractions.push({ id, committedOn });
          commands.push({
            type: 'RecordInfraction',
            today,
            data: {
              infractionId: id,
              offenceCode: step.code,
              committedOn,
              ...(checkId ? { checkId } : {}),
              ...(step.code === 'SPEEDING' ? { retainedExcessKmh: step.excess, speedLimitKmh: step.limit } : {}),
              ...(step.code === 'ALCOHOL' ? { alcoholGramsPerLitreBlood: step.alcohol } : {}),
            },
          });
          break;
        }
        case 'establish':
        case 'cancel': {
          if (infractions.length === 0) break;
          const target = infractions[step.pick % infractions.length];
          const on = back(step.lag);
          const date = on < target.committedOn ? target.committedOn : on;
          commands.push(
            step.kind === 'establish'
              ? { type: 'EstablishInfraction', today, data: { infractionId: target.id, mode: 'FINE_PAID', establishedOn: date } }
              : { type: 'CancelInfraction', today, data: { infractionId: target.id, cancelledOn: date, reason: 'annulée' } },
          );
          break;
        }
        case 'course': {
          const lastDay = back(step.lag);
          const firstDay = addDays(lastDay, -1);
          if (firstDay >= issuedOn) commands.push({ type: 'RecordTrainingCourse', today, data: { courseId: `course-${index}`, firstDay, lastDay } });
          break;
        }
        case 'complementary': {
          const completedOn = addDays(issuedOn, step.offset);
          if (completedOn <= today) commands.push({ type: 'RecordComplementaryTraining', today, data: { completedOn } });
          break;
        }
        case 'delivered':
          commands.push({ type: 'RecordInvalidationDelivered', today, data: { deliveredOn: back(step.lag) } });
          break;
        case 'surrendered':
          commands.push({ type: 'RecordLicenceSurrendered', today, data: { surrenderedOn: back(step.lag) } });
          break;
        case 'run':
          commands.push({ type: 'ApplyDueChanges', today, data: { asOf: today } });
          break;
      }
    });
    return { commands, lastDay: today };
  });
