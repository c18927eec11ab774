import type { Command } from '@nestjs/cqrs';
import {
  CancelInfractionCommand,
  EstablishInfractionCommand,
  IssueLicenceCommand,
  RecordInfractionCommand,
  RecordTrainingCourseCommand,
  type LicenceCommandResult,
} from '@ledger/application';
import { addDays, type CalendarDate, type CivilStatus, type OffenceCode } from '@ledger/domain';
import type { Random } from './reliability-run';

/** One clerk's command, as data: sent through the CommandBus or as a GraphQL mutation alike. */
export type LedgerStep = { commandId: string; licenceNumber: string } & (
  | { kind: 'issue'; issuedOn: CalendarDate; holder: CivilStatus; probationary: boolean }
  | {
      kind: 'record';
      infractionId: string;
      offenceCode: OffenceCode;
      committedOn: CalendarDate;
      retainedExcessKmh?: number;
      speedLimitKmh?: number;
    }
  | {
      kind: 'establish';
      infractionId: string;
      mode: 'FINE_PAID' | 'CONVICTION_FINAL';
      establishedOn: CalendarDate;
    }
  | { kind: 'cancel'; infractionId: string; cancelledOn: CalendarDate; reason: string }
  | { kind: 'course'; courseId: string; firstDay: CalendarDate; lastDay: CalendarDate }
);

const CODES: OffenceCode[] = [
  'RED_LIGHT',
  'PHONE_HELD',
  'SEATBELT_DRIVER',
  'SPEEDING',
  'SPEEDING',
  'CONTINUOUS_LINE_STRADDLED',
  'NO_DIRECTION_SIGNAL',
  'STOP_SIGN',
];

const between = (random: Random, from: CalendarDate, to: CalendarDate): CalendarDate => {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return addDays(from, random.int(0, Math.max(0, span)));
};

export const holderFor = (licenceNumber: string): CivilStatus => ({
  familyName: `FIABILITE ${licenceNumber.slice(-6)}`,
  givenNames: 'Alex Camille',
  birthdate: '1980-02-29',
  gender: 'FEMALE',
  birthplace: '75056',
  birthcountry: '99100',
});

/**
 * A licence's life as clerks record it, facts dated before `today` (late facts included, out of
 * order): issued, a few infractions recorded, most established (some on `today` itself, whose
 * withdrawal waits for the daily run), some cancelled, a training course now and then. The law may
 * refuse some of them (a course too soon after another…): that is part of it.
 */
export function licenceStory(
  random: Random,
  licenceNumber: string,
  today: CalendarDate,
  prefix: string,
): LedgerStep[] {
  const id = (what: string) => `${prefix}:${licenceNumber}:${what}`;
  const issuedOn = addDays(today, -random.int(400, 4000));
  const steps: LedgerStep[] = [
    {
      kind: 'issue',
      commandId: id('issue'),
      licenceNumber,
      issuedOn,
      holder: holderFor(licenceNumber),
      probationary: addDays(issuedOn, 3 * 365) > today && random.chance(0.7),
    },
  ];
  const infractions = random.int(1, 4);
  for (let i = 0; i < infractions; i++) {
    const infractionId = `inf-${i}`;
    const committedOn = between(random, addDays(issuedOn, 1), addDays(today, -1));
    const offenceCode = random.pick(CODES);
    steps.push({
      kind: 'record',
      commandId: id(`record-${i}`),
      licenceNumber,
      infractionId,
      offenceCode,
      committedOn,
      ...(offenceCode === 'SPEEDING'
        ? { retainedExcessKmh: random.int(5, 45), speedLimitKmh: random.pick([50, 80, 90, 110, 130]) }
        : {}),
    });
    if (random.chance(0.8)) {
      const establishedOn = random.chance(0.15) ? today : between(random, committedOn, today);
      steps.push({
        kind: 'establish',
        commandId: id(`establish-${i}`),
        licenceNumber,
        infractionId,
        mode: random.pick(['FINE_PAID', 'CONVICTION_FINAL'] as const),
        establishedOn,
      });
      if (random.chance(0.1)) {
        steps.push({
          kind: 'cancel',
          commandId: id(`cancel-${i}`),
          licenceNumber,
          infractionId,
          cancelledOn: between(random, establishedOn, today),
          reason: 'requête en exonération admise',
        });
      }
    }
    if (random.chance(0.2)) {
      const firstDay = between(random, issuedOn, addDays(today, -2));
      steps.push({
        kind: 'course',
        commandId: id(`course-${i}`),
        licenceNumber,
        courseId: `course-${i}`,
        firstDay,
        lastDay: addDays(firstDay, 1),
      });
    }
  }
  return steps;
}

/** The step as the command the API's resolver would dispatch. */
export function toCommand(step: LedgerStep, actor = 'reliability-clerk'): Command<LicenceCommandResult> {
  const context = { commandId: step.commandId, actor };
  switch (step.kind) {
    case 'issue':
      return new IssueLicenceCommand(
        step.licenceNumber,
        {
          issuedOn: step.issuedOn,
          holder: step.holder,
          probationary: step.probationary,
          earlyLearning: false,
        },
        context,
      );
    case 'record': {
      const { infractionId, offenceCode, committedOn, retainedExcessKmh, speedLimitKmh } = step;
      return new RecordInfractionCommand(
        step.licenceNumber,
        {
          infractionId,
          offenceCode,
          committedOn,
          ...(retainedExcessKmh !== undefined ? { retainedExcessKmh, speedLimitKmh } : {}),
        },
        context,
      );
    }
    case 'establish':
      return new EstablishInfractionCommand(
        step.licenceNumber,
        { infractionId: step.infractionId, mode: step.mode, establishedOn: step.establishedOn },
        context,
      );
    case 'cancel':
      return new CancelInfractionCommand(
        step.licenceNumber,
        { infractionId: step.infractionId, cancelledOn: step.cancelledOn, reason: step.reason },
        context,
      );
    case 'course':
      return new RecordTrainingCourseCommand(
        step.licenceNumber,
        { courseId: step.courseId, firstDay: step.firstDay, lastDay: step.lastDay },
        context,
      );
  }
}

const MUTATIONS = {
  issue: ['issueLicence', 'IssueLicenceInput'],
  record: ['recordInfraction', 'RecordInfractionInput'],
  establish: ['establishInfraction', 'EstablishInfractionInput'],
  cancel: ['cancelInfraction', 'CancelInfractionInput'],
  course: ['recordTrainingCourse', 'RecordTrainingCourseInput'],
} as const;

/** The step as the GraphQL mutation a back office would send. */
export function toGraphql(step: LedgerStep): {
  query: string;
  variables: { input: Record<string, unknown> };
  field: string;
} {
  const [field, inputType] = MUTATIONS[step.kind];
  const { kind: _kind, ...input } = step;
  return {
    field,
    query: `mutation M($input: ${inputType}!) { ${field}(input: $input) { licenceNumber version } }`,
    variables: { input: input as Record<string, unknown> },
  };
}

/** Twelve-digit licence numbers, distinct per suite. */
export const licenceNumber = (series: number, index: number): string =>
  String(series * 1_000_000 + index).padStart(12, '9');
