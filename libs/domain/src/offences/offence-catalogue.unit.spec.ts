import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import { fromDayNumber, toDayNumber } from '../values/calendar-date';
import {
  MEASURE_BOUNDS,
  OFFENCE_CATALOGUE,
  alcoholThresholdGramsPerLitre,
  assessOffence,
  catalogueEntry,
  describeOffence,
  pointsForInfraction,
  speedingBand,
  speedingClassBelowTwentyKmh,
  validateOffenceMeasures,
} from './offence-catalogue';
import { OFFENCE_CODES, type OffenceCode, type OffenceMeasures } from './offence-code';

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

const speeding = (retainedExcessKmh: number, speedLimitKmh = 80): OffenceMeasures => ({
  retainedExcessKmh,
  speedLimitKmh,
});
const alcohol = (alcoholGramsPerLitreBlood: number): OffenceMeasures => ({ alcoholGramsPerLitreBlood });

describe('the offence catalogue (offences.md)', () => {
  it('holds every offence code exactly once', () => {
    const codes = OFFENCE_CATALOGUE.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...OFFENCE_CODES].sort());
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(OFFENCE_CATALOGUE)).toBe(true);
    const speedingEntry = catalogueEntry('SPEEDING');
    expect(Object.isFrozen(speedingEntry)).toBe(true);
    if (speedingEntry.measure === 'SPEED') expect(Object.isFrozen(speedingEntry.bands[0])).toBe(true);
  });

  it('an offence code outside the catalogue is refused', () => {
    const error = errorOf(() => catalogueEntry('JAYWALKING' as OffenceCode));
    expect(error.code).toBe('INFRACTION.UNKNOWN_OFFENCE');
    expect(errorOf(() => assessOffence('JAYWALKING' as OffenceCode, {}, '2024-01-01', false)).code).toBe(
      'INFRACTION.UNKNOWN_OFFENCE',
    );
  });

  describe('offences with fixed points, as the table states them', () => {
    it.each<[OffenceCode, string, 1 | 2 | 3 | 4 | 5 | 'DELIT', number]>([
      ['RED_LIGHT', 'R412-30', 4, 4],
      ['STOP_SIGN', 'R415-6', 4, 4],
      ['YIELD_SIGN', 'R415-7', 4, 4],
      ['PRIORITY', 'R415-4 to R415-12', 4, 4],
      ['PEDESTRIAN_PRIORITY', 'R415-11', 4, 6],
      ['PHONE_HELD', 'R412-6-1', 4, 3],
      ['SCREEN_IN_VIEW', 'R412-6-2', 5, 3],
      ['SEATBELT_DRIVER', 'R412-1', 4, 3],
      ['SAFETY_DISTANCE', 'R412-12', 4, 3],
      ['UNSAFE_OVERTAKING', 'R414-4 to R414-11', 4, 3],
      ['ACCELERATING_WHEN_OVERTAKEN', 'R414-16', 4, 2],
      ['CONTINUOUS_LINE_CROSSED', 'R412-19', 4, 3],
      ['CONTINUOUS_LINE_STRADDLED', 'R412-19', 4, 1],
      ['EMERGENCY_LANE_DRIVING', 'R412-8', 4, 3],
      ['LEFT_SIDE_DRIVING', 'R412-9', 4, 3],
      ['NO_DIRECTION_SIGNAL', 'R412-10', 2, 3],
      ['WRONG_WAY', 'R412-28', 4, 4],
      ['NO_LIGHTS_AT_NIGHT', 'R416-11', 4, 4],
      ['RADAR_DETECTOR', 'R413-15', 5, 6],
      ['ALCOHOL_TEST_REFUSED', 'L234-8', 'DELIT', 6],
      ['DRUGS', 'L235-1', 'DELIT', 6],
      ['REFUSAL_TO_STOP', 'L233-1', 'DELIT', 6],
      ['DRIVING_WHILE_SUSPENDED', 'L224-16', 'DELIT', 6],
      ['INVOLUNTARY_INJURY', 'L232-3', 'DELIT', 6],
    ])('%s (%s) is class %s and withdraws %i points', (code, article, offenceClass, points) => {
      for (const date of ['2023-06-01', '2024-06-01', '2026-06-01']) {
        for (const probationary of [false, true]) {
          expect(assessOffence(code, {}, date, probationary)).toEqual({ points, offenceClass, article });
        }
      }
    });
  });

  it('a délit withdraws 6 points and a contravention at most 6 (L223-2)', () => {
    const dates = ['2023-06-01', '2025-12-28', '2025-12-29'];
    const measuresFor = (code: OffenceCode): OffenceMeasures[] =>
      code === 'SPEEDING'
        ? [1, 4, 5, 19, 20, 30, 40, 50, 120].flatMap((excess) => [speeding(excess, 50), speeding(excess, 90)])
        : code === 'ALCOHOL'
          ? [alcohol(0.5), alcohol(0.8), alcohol(2)]
          : [{}];
    for (const code of OFFENCE_CODES) {
      for (const date of dates) {
        for (const measures of measuresFor(code)) {
          const { points, offenceClass } = assessOffence(code, measures, date, false);
          if (offenceClass === 'DELIT') expect(points).toBe(6);
          else expect(points).toBeLessThanOrEqual(6);
          expect(points).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  describe('French labels for the letters', () => {
    it('every offence has a label', () => {
      for (const code of OFFENCE_CODES) expect(describeOffence(code).trim()).not.toBe('');
    });

    it.each<[OffenceCode, string]>([
      ['SPEEDING', 'Excès de vitesse'],
      ['RED_LIGHT', 'Feu rouge non respecté'],
      ['PHONE_HELD', "Usage d'un téléphone tenu en main ou d'une oreillette en conduisant"],
      ['ALCOHOL', "Conduite sous l'empire d'un état alcoolique"],
      ['REFUSAL_TO_STOP', "Refus d'obtempérer"],
    ])('%s reads "%s"', (code, label) => {
      expect(describeOffence(code)).toBe(label);
    });
  });
});

describe('speeding (R413-14, R413-14-1, L413-1)', () => {
  it('an excess below 5 km/h committed in 2024 withdraws no point', () => {
    expect(assessOffence('SPEEDING', speeding(4), '2024-01-01', false)).toEqual({
      points: 0,
      offenceClass: 3,
      article: 'R413-14',
    });
    expect(assessOffence('SPEEDING', speeding(1), '2024-06-15', false).points).toBe(0);
  });

  it('an excess below 5 km/h committed on 2023-12-31 withdrew one point', () => {
    expect(assessOffence('SPEEDING', speeding(4), '2023-12-31', false)).toEqual({
      points: 1,
      offenceClass: 3,
      article: 'R413-14',
    });
    expect(assessOffence('SPEEDING', speeding(1), '2023-12-31', false).points).toBe(1);
  });

  it('an excess of 5 km/h withdraws one point, before and after 2024', () => {
    expect(assessOffence('SPEEDING', speeding(5), '2023-12-31', false).points).toBe(1);
    expect(assessOffence('SPEEDING', speeding(5), '2024-01-01', false).points).toBe(1);
  });

  it.each([
    [19, 1, 3],
    [20, 2, 4],
    [29, 2, 4],
    [30, 3, 4],
    [39, 3, 4],
    [40, 4, 4],
    [49, 4, 4],
  ])(
    'an excess of %i km/h on a 90 km/h road withdraws %i point(s), class %s',
    (excess, points, offenceClass) => {
      for (const date of ['2023-06-01', '2024-06-01', '2026-06-01']) {
        expect(assessOffence('SPEEDING', speeding(excess, 90), date, false)).toEqual({
          points,
          offenceClass,
          article: 'R413-14',
        });
      }
    },
  );

  it('an excess below 20 km/h is 4th class where the limit is 50 km/h, 3rd class where it is 51', () => {
    expect(assessOffence('SPEEDING', speeding(12, 50), '2024-06-01', false).offenceClass).toBe(4);
    expect(assessOffence('SPEEDING', speeding(12, 51), '2024-06-01', false).offenceClass).toBe(3);
    expect(assessOffence('SPEEDING', speeding(3, 50), '2024-06-01', false)).toEqual({
      points: 0,
      offenceClass: 4,
      article: 'R413-14',
    });
    expect(assessOffence('SPEEDING', speeding(3, 30), '2023-06-01', false)).toEqual({
      points: 1,
      offenceClass: 4,
      article: 'R413-14',
    });
    expect(speedingClassBelowTwentyKmh(50)).toBe(4);
    expect(speedingClassBelowTwentyKmh(51)).toBe(3);
  });

  it('an excess of 20 km/h or more is 4th class whatever the limit', () => {
    expect(assessOffence('SPEEDING', speeding(20, 50), '2024-06-01', false).offenceClass).toBe(4);
    expect(assessOffence('SPEEDING', speeding(20, 130), '2024-06-01', false).offenceClass).toBe(4);
  });

  it('an excess of 50 km/h committed on 2025-12-28 is a 5th-class contravention withdrawing 6 points', () => {
    expect(assessOffence('SPEEDING', speeding(50), '2025-12-28', false)).toEqual({
      points: 6,
      offenceClass: 5,
      article: 'R413-14-1',
    });
  });

  it('an excess of 50 km/h committed on 2025-12-29 is a délit withdrawing 6 points', () => {
    expect(assessOffence('SPEEDING', speeding(50), '2025-12-29', false)).toEqual({
      points: 6,
      offenceClass: 'DELIT',
      article: 'L413-1',
    });
    expect(assessOffence('SPEEDING', speeding(300, 130), '2026-03-01', false).offenceClass).toBe('DELIT');
  });

  it('worked examples E1 and E2: 25 km/h over 80 is 4th class, 2 points; 12 km/h over 110 is 3rd class, 1 point', () => {
    expect(assessOffence('SPEEDING', speeding(25, 80), '2024-03-10', false)).toEqual({
      points: 2,
      offenceClass: 4,
      article: 'R413-14',
    });
    expect(assessOffence('SPEEDING', speeding(12, 110), '2024-05-20', false)).toEqual({
      points: 1,
      offenceClass: 3,
      article: 'R413-14',
    });
  });

  it('on any date, every excess falls in exactly one band, and more excess never withdraws fewer points', () => {
    const date = fc
      .integer({ min: toDayNumber('2010-01-01'), max: toDayNumber('2035-12-31') })
      .map(fromDayNumber);
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 1, max: 299 }),
        fc.integer({ min: 1, max: 130 }),
        (onDate, excess, limit) => {
          const entry = catalogueEntry('SPEEDING');
          if (entry.measure !== 'SPEED') throw new Error('SPEEDING is banded');
          const matching = entry.bands.filter(
            (band) =>
              (band.inForceFrom === undefined || onDate >= band.inForceFrom) &&
              (band.inForceBefore === undefined || onDate < band.inForceBefore) &&
              excess >= band.fromExcessKmh &&
              (band.belowExcessKmh === undefined || excess < band.belowExcessKmh),
          );
          expect(matching).toHaveLength(1);
          expect(speedingBand(excess, onDate)).toBe(matching[0]);
          const here = assessOffence('SPEEDING', speeding(excess, limit), onDate, false).points;
          const above = assessOffence('SPEEDING', speeding(excess + 1, limit), onDate, false).points;
          expect(above).toBeGreaterThanOrEqual(here);
        },
      ),
    );
  });
});

describe('alcohol (R234-1, L234-1)', () => {
  describe('a licence that is not probationary', () => {
    it('0.49 g/L is no offence: the record is refused', () => {
      const error = errorOf(() => assessOffence('ALCOHOL', alcohol(0.49), '2024-06-01', false));
      expect(error.code).toBe('INFRACTION.UNDER_THRESHOLD');
      expect(error.category).toBe('VALIDATION');
      expect(error.message).toContain('0.50 g/L');
    });

    it('0.20 g/L, enough for a probationary licence, is no offence on a full one', () => {
      expect(errorOf(() => validateOffenceMeasures('ALCOHOL', alcohol(0.2), '2024-06-01', false)).code).toBe(
        'INFRACTION.UNDER_THRESHOLD',
      );
    });

    it('0.50 g/L is a 4th-class contravention withdrawing 6 points', () => {
      expect(assessOffence('ALCOHOL', alcohol(0.5), '2024-06-01', false)).toEqual({
        points: 6,
        offenceClass: 4,
        article: 'R234-1',
      });
    });

    it('0.79 g/L is still a 4th-class contravention', () => {
      expect(assessOffence('ALCOHOL', alcohol(0.79), '2024-06-01', false).offenceClass).toBe(4);
    });

    it('0.80 g/L is a délit withdrawing 6 points', () => {
      expect(assessOffence('ALCOHOL', alcohol(0.8), '2024-06-01', false)).toEqual({
        points: 6,
        offenceClass: 'DELIT',
        article: 'L234-1',
      });
    });
  });

  describe('a probationary licence', () => {
    it('0.19 g/L is no offence: the record is refused', () => {
      const error = errorOf(() => assessOffence('ALCOHOL', alcohol(0.19), '2024-06-01', true));
      expect(error.code).toBe('INFRACTION.UNDER_THRESHOLD');
      expect(error.message).toContain('0.20 g/L');
      expect(error.message).toContain('probationary');
    });

    it.each([0.2, 0.49, 0.5, 0.79])('%s g/L is a 4th-class contravention withdrawing 6 points', (level) => {
      expect(assessOffence('ALCOHOL', alcohol(level), '2024-06-01', true)).toEqual({
        points: 6,
        offenceClass: 4,
        article: 'R234-1',
      });
    });

    it('0.80 g/L is a délit', () => {
      expect(assessOffence('ALCOHOL', alcohol(0.8), '2024-06-01', true).offenceClass).toBe('DELIT');
    });

    it('the 0.20 g/L threshold applies from 1 July 2015; before, 0.50 g/L applied to every licence', () => {
      expect(alcoholThresholdGramsPerLitre(true, '2015-06-30')).toBe(0.5);
      expect(alcoholThresholdGramsPerLitre(true, '2015-07-01')).toBe(0.2);
      expect(alcoholThresholdGramsPerLitre(false, '2015-07-01')).toBe(0.5);
      expect(errorOf(() => assessOffence('ALCOHOL', alcohol(0.3), '2015-06-30', true)).code).toBe(
        'INFRACTION.UNDER_THRESHOLD',
      );
      expect(assessOffence('ALCOHOL', alcohol(0.3), '2015-07-01', true).points).toBe(6);
    });
  });
});

describe('validating the measures a clerk records', () => {
  const expectError = (fn: () => unknown, code: string) => expect(errorOf(fn).code).toBe(code);

  it('a speeding record needs its retained excess and its speed limit', () => {
    expectError(
      () => validateOffenceMeasures('SPEEDING', { speedLimitKmh: 80 }, '2024-06-01', false),
      'INFRACTION.MISSING_MEASURE',
    );
    expectError(
      () => validateOffenceMeasures('SPEEDING', { retainedExcessKmh: 12 }, '2024-06-01', false),
      'INFRACTION.MISSING_MEASURE',
    );
    expectError(
      () =>
        validateOffenceMeasures(
          'SPEEDING',
          { retainedExcessKmh: null, speedLimitKmh: 80 } as unknown as OffenceMeasures,
          '2024-06-01',
          false,
        ),
      'INFRACTION.MISSING_MEASURE',
    );
  });

  it.each([0, -3, 12.5, 301, Number.NaN, Number.POSITIVE_INFINITY, '12' as unknown as number])(
    'a retained excess of %s km/h is refused',
    (excess) => {
      const error = errorOf(() => validateOffenceMeasures('SPEEDING', speeding(excess), '2024-06-01', false));
      expect(error.code).toBe('INPUT.INVALID');
      expect(error.details).toEqual({ field: 'retainedExcessKmh' });
    },
  );

  it.each([0, -50, 131, 80.5, Number.NaN])('a speed limit of %s km/h is refused', (limit) => {
    const error = errorOf(() =>
      validateOffenceMeasures('SPEEDING', speeding(10, limit), '2024-06-01', false),
    );
    expect(error.code).toBe('INPUT.INVALID');
    expect(error.details).toEqual({ field: 'speedLimitKmh' });
  });

  it('the bounds themselves are accepted: 1 and 300 km/h of excess, limits of 1 and 130 km/h', () => {
    expect(() => validateOffenceMeasures('SPEEDING', speeding(1, 1), '2024-06-01', false)).not.toThrow();
    expect(() =>
      validateOffenceMeasures(
        'SPEEDING',
        speeding(MEASURE_BOUNDS.maxRetainedExcessKmh, 130),
        '2024-06-01',
        false,
      ),
    ).not.toThrow();
  });

  it('a speeding record takes no alcohol level', () => {
    expectError(
      () =>
        validateOffenceMeasures(
          'SPEEDING',
          { ...speeding(10), alcoholGramsPerLitreBlood: 0.6 },
          '2024-06-01',
          false,
        ),
      'INFRACTION.UNEXPECTED_MEASURE',
    );
  });

  it('an alcohol record needs its level, and takes no speed', () => {
    expectError(
      () => validateOffenceMeasures('ALCOHOL', {}, '2024-06-01', false),
      'INFRACTION.MISSING_MEASURE',
    );
    expectError(
      () => validateOffenceMeasures('ALCOHOL', { ...alcohol(0.6), speedLimitKmh: 80 }, '2024-06-01', false),
      'INFRACTION.UNEXPECTED_MEASURE',
    );
  });

  it.each([-0.1, 10.01, Number.NaN, Number.POSITIVE_INFINITY])(
    'an alcohol level of %s g/L is refused',
    (level) => {
      const error = errorOf(() => validateOffenceMeasures('ALCOHOL', alcohol(level), '2024-06-01', false));
      expect(error.code).toBe('INPUT.INVALID');
      expect(error.details).toEqual({ field: 'alcoholGramsPerLitreBlood' });
    },
  );

  it('an alcohol level of 10 g/L is the highest accepted', () => {
    expect(() => validateOffenceMeasures('ALCOHOL', alcohol(10), '2024-06-01', false)).not.toThrow();
  });

  it('an offence that takes no measure is refused one, so that a clerk slip is seen', () => {
    expectError(
      () => validateOffenceMeasures('RED_LIGHT', speeding(10), '2024-06-01', false),
      'INFRACTION.UNEXPECTED_MEASURE',
    );
    expectError(
      () => validateOffenceMeasures('DRUGS', alcohol(0.9), '2024-06-01', false),
      'INFRACTION.UNEXPECTED_MEASURE',
    );
  });

  it('empty (null) measures on an offence that takes none are no measures at all', () => {
    expect(() =>
      validateOffenceMeasures(
        'RED_LIGHT',
        {
          retainedExcessKmh: null,
          speedLimitKmh: null,
          alcoholGramsPerLitreBlood: null,
        } as unknown as OffenceMeasures,
        '2024-06-01',
        false,
      ),
    ).not.toThrow();
  });

  it('a commission date that is not a calendar date is refused', () => {
    expectError(() => validateOffenceMeasures('RED_LIGHT', {}, '2024-02-30', false), 'DATE.MALFORMED');
  });
});

describe('the more lenient law (RULES §3, our reading)', () => {
  it('an excess of 3 km/h committed in December 2023 and established in January 2024 withdraws no point', () => {
    expect(pointsForInfraction('SPEEDING', speeding(3, 80), '2023-12-20', '2024-01-05', false)).toEqual({
      points: 0,
      offenceClass: 3,
      article: 'R413-14',
    });
  });

  it('an excess of 3 km/h committed and established in 2023 withdraws one point', () => {
    expect(pointsForInfraction('SPEEDING', speeding(3, 80), '2023-12-20', '2023-12-31', false).points).toBe(
      1,
    );
  });

  it('an excess of 3 km/h committed in 2024 withdraws no point, established whenever', () => {
    expect(pointsForInfraction('SPEEDING', speeding(3, 30), '2024-01-01', '2024-02-01', false)).toEqual({
      points: 0,
      offenceClass: 4,
      article: 'R413-14',
    });
  });

  it('an excess of 50 km/h committed on 2025-12-28 and established later stays a 5th-class contravention', () => {
    expect(pointsForInfraction('SPEEDING', speeding(55), '2025-12-28', '2026-01-10', false)).toEqual({
      points: 6,
      offenceClass: 5,
      article: 'R413-14-1',
    });
  });

  it('an excess of 50 km/h committed on 2025-12-29 is a délit', () => {
    expect(
      pointsForInfraction('SPEEDING', speeding(55), '2025-12-29', '2026-01-10', false).offenceClass,
    ).toBe('DELIT');
  });

  it('an offence with fixed points withdraws the same, whenever established', () => {
    expect(pointsForInfraction('PHONE_HELD', {}, '2024-02-03', '2024-02-20', true)).toEqual({
      points: 3,
      offenceClass: 4,
      article: 'R412-6-1',
    });
  });

  it('an infraction cannot be established before it was committed', () => {
    expect(errorOf(() => pointsForInfraction('RED_LIGHT', {}, '2024-01-10', '2024-01-09', false)).code).toBe(
      'INFRACTION.ESTABLISHED_BEFORE_COMMITTED',
    );
  });

  it('the measures are validated against the commission date', () => {
    expect(
      errorOf(() => pointsForInfraction('ALCOHOL', alcohol(0.4), '2024-01-10', '2024-02-01', false)).code,
    ).toBe('INFRACTION.UNDER_THRESHOLD');
    expect(errorOf(() => pointsForInfraction('RED_LIGHT', {}, '2024-01-10', 'soon', false)).code).toBe(
      'DATE.MALFORMED',
    );
  });

  it('never withdraws more than the law at commission, and keeps its class', () => {
    const day = fc.integer({ min: toDayNumber('2022-01-01'), max: toDayNumber('2027-12-31') });
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 130 }),
        (committed, delay, excess, limit) => {
          const committedOn = fromDayNumber(committed);
          const establishedOn = fromDayNumber(committed + delay);
          const atCommission = assessOffence('SPEEDING', speeding(excess, limit), committedOn, false);
          const atEstablishment = assessOffence('SPEEDING', speeding(excess, limit), establishedOn, false);
          const result = pointsForInfraction(
            'SPEEDING',
            speeding(excess, limit),
            committedOn,
            establishedOn,
            false,
          );
          expect(result.offenceClass).toBe(atCommission.offenceClass);
          expect(result.article).toBe(atCommission.article);
          expect(result.points).toBe(Math.min(atCommission.points, atEstablishment.points));
        },
      ),
    );
  });
});
