import { licenceStreamId, type PointsWithdrawn } from '@ledger/domain';
import {
  ApplyDueChangesCommand,
  CancelInfractionCommand,
  EstablishInfractionCommand,
  IssueLicenceCommand,
  RecordComplementaryTrainingCommand,
  RecordInfractionCommand,
  RecordInvalidationDeliveredCommand,
  RecordLicenceSurrenderedCommand,
  RecordTrainingCourseCommand,
} from '@ledger/application';
import { clerk, holder, startOnTempStore, typesOf } from './application-test-bed';

// Given/when/then through the real CommandBus, handlers and SQLite store: each mutation appends its
// fact first, then the decisions the law makes due by today (RULES §1).

const NUMBER = '901004310016';
const STREAM = licenceStreamId(NUMBER);

describe('licence commands through the CommandBus', () => {
  let app: Awaited<ReturnType<typeof startOnTempStore>>;
  beforeEach(async () => {
    app = await startOnTempStore('2024-02-01');
  });
  afterEach(() => app.close());

  const issueFullLicence = (number = NUMBER) =>
    app.commandBus.execute(
      new IssueLicenceCommand(
        number,
        { issuedOn: '2024-01-01', holder, probationary: false },
        clerk(`issue-${number}`),
      ),
    );
  const recordRedLight = (infractionId = 'inf-1') =>
    app.commandBus.execute(
      new RecordInfractionCommand(
        NUMBER,
        { infractionId, offenceCode: 'RED_LIGHT', committedOn: '2024-01-10' },
        clerk(`record-${infractionId}`),
      ),
    );
  const streamEvents = async () => (await app.store.readStream(STREAM)).events;

  it('issuing a licence records LicenceIssued with the canonical number', async () => {
    const result = await app.commandBus.execute(
      new IssueLicenceCommand(
        ' 901004310016 ',
        { issuedOn: '2024-01-01', holder, probationary: false },
        clerk('c1'),
      ),
    );
    expect(result).toMatchObject({ licenceNumber: NUMBER, streamVersion: '0', eventsAppended: 1 });
    const [issued] = await streamEvents();
    expect(issued).toMatchObject({
      type: 'LicenceIssued',
      streamVersion: 0n,
      data: {
        licenceNumber: NUMBER,
        issuedOn: '2024-01-01',
        holder,
        probationary: false,
        earlyLearning: false,
      },
    });
  });

  it('an infraction recorded but not established withdraws nothing', async () => {
    await issueFullLicence();
    const result = await recordRedLight();
    expect(result).toMatchObject({ licenceNumber: NUMBER, streamVersion: '1', eventsAppended: 1 });
    expect(typesOf(await streamEvents())).toEqual(['LicenceIssued', 'InfractionRecorded']);
  });

  it('a red light established by paying the fine withdraws 4 points that day (L223-1, R412-30)', async () => {
    await issueFullLicence();
    await recordRedLight();
    const result = await app.commandBus.execute(
      new EstablishInfractionCommand(
        NUMBER,
        { infractionId: 'inf-1', mode: 'FINE_PAID', establishedOn: '2024-01-20' },
        clerk('establish-inf-1'),
      ),
    );
    const events = await streamEvents();
    expect(typesOf(events)).toEqual([
      'LicenceIssued',
      'InfractionRecorded',
      'InfractionEstablished',
      'PointsWithdrawn',
    ]);
    expect(result).toMatchObject({ licenceNumber: NUMBER, streamVersion: '3', eventsAppended: 2 });
    // the position a reader waits for to read its own write is that of the last event appended
    expect(result.globalPosition).toBe(events[3].globalPosition.toString());
    const withdrawn = events[3].data as PointsWithdrawn['data'];
    expect(withdrawn).toMatchObject({
      infractionIds: ['inf-1'],
      points: 4,
      effectiveOn: '2024-01-20',
      rawBalanceAfter: 8,
    });
  });

  it('a cancelled infraction is recorded as cancelled', async () => {
    await issueFullLicence();
    await recordRedLight();
    await app.commandBus.execute(
      new CancelInfractionCommand(
        NUMBER,
        { infractionId: 'inf-1', cancelledOn: '2024-01-25', reason: 'Wrong vehicle' },
        clerk('cancel-inf-1'),
      ),
    );
    const events = await streamEvents();
    expect(events[2]).toMatchObject({
      type: 'InfractionCancelled',
      data: { infractionId: 'inf-1', cancelledOn: '2024-01-25', reason: 'Wrong vehicle' },
    });
  });

  it('a training course after a withdrawal credits 4 points the day after its last day (R223-8)', async () => {
    await issueFullLicence();
    await recordRedLight();
    await app.commandBus.execute(
      new EstablishInfractionCommand(
        NUMBER,
        { infractionId: 'inf-1', mode: 'FINE_PAID', establishedOn: '2024-01-20' },
        clerk('e1'),
      ),
    );
    await app.commandBus.execute(
      new RecordTrainingCourseCommand(
        NUMBER,
        { courseId: 'course-1', firstDay: '2024-01-25', lastDay: '2024-01-26' },
        clerk('t1'),
      ),
    );
    const events = (await streamEvents()).slice(4);
    expect(events[0]).toMatchObject({
      type: 'TrainingCourseCompleted',
      data: { courseId: 'course-1', firstDay: '2024-01-25', lastDay: '2024-01-26' },
    });
    expect(events[1]).toMatchObject({
      type: 'TrainingCourseCredited',
      data: { points: 4, effectiveOn: '2024-01-27' },
    });
  });

  it('complementary training is recorded on a probationary first licence between its 6th and 12th month', async () => {
    await app.commandBus.execute(
      new IssueLicenceCommand(NUMBER, { issuedOn: '2023-01-01', holder, probationary: true }, clerk('issue')),
    );
    await app.commandBus.execute(
      new RecordComplementaryTrainingCommand(NUMBER, { completedOn: '2023-08-01' }, clerk('complementary')),
    );
    const events = await streamEvents();
    const index = typesOf(events).indexOf('ComplementaryTrainingCompleted');
    expect(index).toBeGreaterThan(0);
    expect(events[index].data).toEqual({ completedOn: '2023-08-01' });
  });

  it('a licence brought to zero is invalidated on delivery of the 48SI letter, then handed in (L223-5)', async () => {
    await app.commandBus.execute(
      new IssueLicenceCommand(NUMBER, { issuedOn: '2023-01-01', holder, probationary: true }, clerk('issue')),
    );
    await app.commandBus.execute(
      new RecordInfractionCommand(
        NUMBER,
        { infractionId: 'drugs', offenceCode: 'DRUGS', committedOn: '2023-06-01' },
        clerk('r'),
      ),
    );
    await app.commandBus.execute(
      new EstablishInfractionCommand(
        NUMBER,
        { infractionId: 'drugs', mode: 'CONVICTION_FINAL', establishedOn: '2023-06-10' },
        clerk('e'),
      ),
    );
    await app.commandBus.execute(
      new RecordInvalidationDeliveredCommand(NUMBER, { deliveredOn: '2023-06-20' }, clerk('d')),
    );
    await app.commandBus.execute(
      new RecordLicenceSurrenderedCommand(NUMBER, { surrenderedOn: '2023-06-25' }, clerk('s')),
    );

    const types = typesOf(await streamEvents());
    expect(types).toContain('InvalidationLetterDelivered');
    expect(types).toContain('LicenceInvalidated');
    expect(types[types.length - 1]).toBe('LicenceSurrendered');
    expect(types.indexOf('InvalidationLetterDelivered')).toBeLessThan(types.indexOf('LicenceSurrendered'));
  });

  describe('a licence issued after an earlier number (RULES §5: previousLicenceNumber)', () => {
    const OTHER = '070797120008';
    /** The earlier number: probationary from 2023-01-01, a délit 2023-06-10 (6 − 6 = 0), delivered 2023-06-20, handed in 2023-06-25. */
    const invalidateEarlierNumber = async () => {
      await app.commandBus.execute(new IssueLicenceCommand(NUMBER, { issuedOn: '2023-01-01', holder, probationary: true }, clerk('old-issue')));
      await app.commandBus.execute(
        new RecordInfractionCommand(NUMBER, { infractionId: 'drugs', offenceCode: 'DRUGS', committedOn: '2023-06-01' }, clerk('old-r')),
      );
      await app.commandBus.execute(
        new EstablishInfractionCommand(NUMBER, { infractionId: 'drugs', mode: 'CONVICTION_FINAL', establishedOn: '2023-06-10' }, clerk('old-e')),
      );
      await app.commandBus.execute(new RecordInvalidationDeliveredCommand(NUMBER, { deliveredOn: '2023-06-20' }, clerk('old-d')));
      await app.commandBus.execute(new RecordLicenceSurrenderedCommand(NUMBER, { surrenderedOn: '2023-06-25' }, clerk('old-s')));
    };
    const issueAfter = (issuedOn: string, previousLicenceNumber: string, commandId = 'new-issue') =>
      app.commandBus.execute(
        new IssueLicenceCommand(OTHER, { issuedOn, holder, probationary: true, previousLicenceNumber }, clerk(commandId)),
      );

    it('reads the earlier number from the store and records its invalidations on the new LicenceIssued', async () => {
      await invalidateEarlierNumber();
      await issueAfter('2023-12-26', ' 901004310016 ');
      const [issued] = (await app.store.readStream(licenceStreamId(OTHER))).events;
      expect(issued.metadata.schemaVersion).toBe(2);
      expect(issued.data).toMatchObject({
        licenceNumber: OTHER,
        firstLicence: false,
        previousLicence: { licenceNumber: NUMBER, invalidatedOn: ['2023-06-20'] },
      });
    });

    it("refuses an issue before the earlier number's wait is over, naming the date", async () => {
      await invalidateEarlierNumber();
      await expect(issueAfter('2023-12-24', NUMBER)).rejects.toMatchObject({
        code: 'LICENCE.NEW_LICENCE_TOO_EARLY',
        message: expect.stringContaining('2023-12-25'),
      });
      expect((await app.store.readStream(licenceStreamId(OTHER))).events).toEqual([]);
    });

    it('refuses an earlier number the ledger does not hold', async () => {
      await expect(issueAfter('2023-12-26', '130259350007')).rejects.toMatchObject({ code: 'LICENCE.PREVIOUS_NOT_FOUND' });
    });

    it('refuses a malformed earlier number without reading the store', async () => {
      await expect(issueAfter('2023-12-26', 'not a number!')).rejects.toMatchObject({ code: 'LICENCE.MALFORMED_NUMBER' });
    });
  });

  describe('the daily run', () => {
    it('appends the probation increments that have come due since, on every licence (R223-1 II)', async () => {
      app.clock.set('2022-06-20');
      await app.commandBus.execute(
        new IssueLicenceCommand(
          NUMBER,
          { issuedOn: '2022-06-15', holder, probationary: true },
          clerk('issue-a'),
        ),
      );
      await app.commandBus.execute(
        new IssueLicenceCommand(
          '207348 74 18',
          { issuedOn: '2022-06-16', holder, probationary: true },
          clerk('issue-b'),
        ),
      );
      app.clock.set('2024-07-01');

      const report = await app.commandBus.execute(new ApplyDueChangesCommand('2024-07-01', clerk('run-1')));

      expect(report).toEqual({
        asOf: '2024-07-01',
        licencesChanged: 2,
        eventsAppended: 4,
        licencesFailed: 0,
      });
      const events = await streamEvents();
      expect(typesOf(events)).toEqual([
        'LicenceIssued',
        'ProbationIncrementGranted',
        'ProbationIncrementGranted',
      ]);
      expect(events.map((event) => (event.data as { effectiveOn?: string }).effectiveOn)).toEqual([
        undefined,
        '2023-06-15',
        '2024-06-15',
      ]);
      expect(events[1].metadata).toMatchObject({
        commandId: `apply-due-changes:2024-07-01:${STREAM}`,
        causationId: 'run-1',
        correlationId: 'run-1',
      });
    });

    it('run again for the same day, appends nothing and reports the same', async () => {
      app.clock.set('2022-06-20');
      await app.commandBus.execute(
        new IssueLicenceCommand(
          NUMBER,
          { issuedOn: '2022-06-15', holder, probationary: true },
          clerk('issue-a'),
        ),
      );
      app.clock.set('2024-07-01');
      const first = await app.commandBus.execute(new ApplyDueChangesCommand('2024-07-01', clerk('run-1')));
      const head = await app.store.headPosition();

      const second = await app.commandBus.execute(new ApplyDueChangesCommand('2024-07-01', clerk('run-2')));

      expect(second).toEqual(first);
      expect(await app.store.headPosition()).toBe(head);
    });

    it('refuses a date after today', async () => {
      await expect(
        app.commandBus.execute(new ApplyDueChangesCommand('2024-02-02', clerk('run'))),
      ).rejects.toMatchObject({
        code: 'DATE.IN_FUTURE',
        category: 'VALIDATION',
      });
    });

    it('with no licence issued, changes nothing', async () => {
      await expect(
        app.commandBus.execute(new ApplyDueChangesCommand('2024-02-01', clerk('run'))),
      ).resolves.toEqual({
        asOf: '2024-02-01',
        licencesChanged: 0,
        eventsAppended: 0,
        licencesFailed: 0,
      });
    });
  });
});
