import { givenLicence, LicenceCommands as C, LicenceScenario } from '@ledger/testing';

/** RULES §4.4: the training course (stage de sensibilisation, L223-6 ¶4, R223-8). */

const balance = (s: LicenceScenario, on: string) => {
  const { points, capital } = s.on(on);
  return { points, capital };
};

const credits = (s: LicenceScenario, until: string) =>
  s
    .on(until)
    .decisions.filter((d) => d.type === 'TrainingCourseCredited')
    .map((d) => ({
      on: d.data.effectiveOn,
      points: d.type === 'TrainingCourseCredited' ? d.data.points : 0,
    }));

/** 12 − 4 − 3 = 5 on 2024-03-15 (RULES §9 E3). */
const fivePoints = () =>
  LicenceScenario.fullLicence('2015-01-10')
    .paid('red', 'RED_LIGHT', '2024-01-10', '2024-01-20')
    .paid('phone', 'PHONE_HELD', '2024-03-05', '2024-03-15');

/** Raw 12 − 4 − 4 − 6 = −2 on 2024-03-20: the 48SI letter is due, not yet delivered. */
const nilBalance = () =>
  LicenceScenario.fullLicence('2015-01-10')
    .paid('red', 'RED_LIGHT', '2024-01-05', '2024-01-20')
    .paid('stop', 'STOP_SIGN', '2024-02-05', '2024-02-20')
    .paid('drugs', 'DRUGS', '2024-03-05', '2024-03-20');

describe('a completed course credits +4 points (R223-8)', () => {
  test('a course recorded on its last day credits nothing yet', () => {
    givenLicence(fivePoints().events)
      .when(C.course('c1', '2024-04-08', '2024-04-09'))
      .then([
        {
          type: 'TrainingCourseCompleted',
          data: { courseId: 'c1', firstDay: '2024-04-08', lastDay: '2024-04-09' },
        },
      ]);
  });

  test('the credit takes effect the day after the last day of the course', () => {
    givenLicence(fivePoints().course('2024-04-08', '2024-04-09', '2024-04-09', 'c1').events)
      .when(C.applyDueChanges('2024-04-10'))
      .then([
        {
          type: 'TrainingCourseCredited',
          data: {
            decisionId: 'course/2024-04-10/c1/4',
            effectiveOn: '2024-04-10',
            courseId: 'c1',
            points: 4,
            rawBalanceAfter: 9,
            capitalAfter: 12,
          },
        },
      ]);
  });

  test('the credit stays within the ceiling: on 10 of 12 a course gives 2', () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .paid('speed', 'SPEEDING', '2024-01-10', '2024-01-20', { retainedExcessKmh: 25, speedLimitKmh: 80 })
      .course('2024-04-08', '2024-04-09');
    expect(balance(s, '2024-04-10')).toEqual({ points: 12, capital: 12 });
    expect(credits(s, '2024-04-10')).toEqual([{ on: '2024-04-10', points: 2 }]);
  });

  test('the course does not move the full-restoration period', () => {
    const s = fivePoints().course('2024-04-08', '2024-04-09');
    expect(balance(s, '2027-03-14')).toEqual({ points: 9, capital: 12 });
    expect(balance(s, '2027-03-15')).toEqual({ points: 12, capital: 12 });
  });
});

describe('at most one credited course a year (L223-6 ¶4)', () => {
  /** First course credited on 2024-04-10 (9 points), then 3 more points lost: 6 on 2024-12-10. */
  const afterOneCourse = () =>
    fivePoints()
      .course('2024-04-08', '2024-04-09')
      .paid('belt', 'SEATBELT_DRIVER', '2024-12-01', '2024-12-10');

  // Our reading (RULES §4.4): the first day must be at least one year and one day after the last day
  // of the previous credited course.
  test('a course whose first day is exactly one year after the last day of the previous credited one credits nothing', () => {
    const s = afterOneCourse().course('2025-04-09', '2025-04-10');
    expect(balance(s, '2025-04-11')).toEqual({ points: 6, capital: 12 });
    expect(credits(s, '2025-04-11')).toHaveLength(1);
  });

  test('a course whose first day is one year and one day after the last day of the previous credited one credits +4', () => {
    const s = afterOneCourse().course('2025-04-10', '2025-04-11');
    expect(balance(s, '2025-04-12')).toEqual({ points: 10, capital: 12 });
  });

  test("a course that credited nothing (the balance was at the ceiling) does not count as the year's course", () => {
    const s = LicenceScenario.fullLicence('2015-01-10')
      .course('2024-02-01', '2024-02-02')
      .paid('red', 'RED_LIGHT', '2024-03-01', '2024-03-10')
      .course('2024-06-03', '2024-06-04');
    expect(credits(s, '2024-06-05')).toEqual([{ on: '2024-06-05', points: 4 }]);
    expect(balance(s, '2024-06-05')).toEqual({ points: 12, capital: 12 });
  });

  test("the course a probationary holder is ordered to take after a 48N counts as that year's course (R223-4)", () => {
    const s = LicenceScenario.firstLicence('2023-09-01')
      .paid('phone', 'PHONE_HELD', '2024-02-03', '2024-02-20')
      .course('2024-04-15', '2024-04-16')
      .paid('overtaken', 'ACCELERATING_WHEN_OVERTAKEN', '2024-06-01', '2024-06-10')
      .course('2024-09-02', '2024-09-03')
      .course('2025-04-18', '2025-04-19');
    expect(balance(s, '2024-04-17')).toEqual({ points: 6, capital: 6 });
    expect(balance(s, '2024-09-04')).toEqual({ points: 4, capital: 6 });
    expect(balance(s, '2025-04-20')).toEqual({ points: 6, capital: 6 });
  });
});

describe('a course credits only a licence that is still valid (CE 29 Sept 2023, n° 461479)', () => {
  test('a course completed before the 48SI letter is delivered is credited from the raw balance and saves the licence', () => {
    const s = nilBalance().course('2024-04-02', '2024-04-03').runUntil('2024-04-04');
    expect(s.on('2024-04-03')).toMatchObject({ rawPoints: -2, points: 0, status: 'INVALIDATION_PENDING' });
    expect(s.on('2024-04-04')).toMatchObject({ rawPoints: 2, points: 2, status: 'VALID' });
    givenLicence(s.events).when(C.delivered('2024-04-10')).thenThrows('INVALIDATION.NOT_PENDING');
  });

  test('a course whose last day is the day before the delivery is credited on the delivery day, before the invalidation, and saves the licence', () => {
    const s = nilBalance().course('2024-04-08', '2024-04-09');
    givenLicence(s.events).when(C.delivered('2024-04-10')).thenThrows('INVALIDATION.NOT_PENDING');
    expect(s.on('2024-04-10')).toMatchObject({ rawPoints: 2, status: 'VALID' });
  });

  test('a course completed after the 48SI letter was delivered is not credited', () => {
    const given = nilBalance().delivered('2024-04-01').events;
    givenLicence(given)
      .when(C.course('c9', '2024-04-10', '2024-04-11', '2024-04-20'))
      .then([
        {
          type: 'TrainingCourseCompleted',
          data: { courseId: 'c9', firstDay: '2024-04-10', lastDay: '2024-04-11' },
        },
      ]);
  });

  // Our reading: a course "completed before delivery" is one whose last day is before the delivery
  // day; one that ends on the delivery day is credited the next day, after the invalidation.
  test('a course whose last day is the delivery day is not credited', () => {
    const s = nilBalance().course('2024-03-31', '2024-04-01').delivered('2024-04-01').runUntil('2024-04-05');
    expect(s.on('2024-04-05')).toMatchObject({ rawPoints: -2, status: 'INVALIDATED' });
    expect(credits(s, '2024-04-05')).toEqual([]);
  });
});
