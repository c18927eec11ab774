import { buildLicenceFile, computeTimeline, isFact, type LicenceFact } from '@ledger/domain';
import { canonicalJson } from '@ledger/read-models';
import { asRecorded, licenceReadModel, scenarioFor } from '../../test/read-model-test-bed';

// Projection: given(events).then(row) (CONVENTIONS 8). Events come from the real decider.

const NUMBER = '901004310016';
/** RULES §9 E2: one point withdrawn on 2024-06-01 comes back on 2024-12-01. */
const onePointWithdrawn = () =>
  scenarioFor(NUMBER, '2015-01-10').paid('i1', 'SPEEDING', '2024-05-20', '2024-06-01', {
    retainedExcessKmh: 12,
    speedLimitKmh: 110,
  });

describe('the licence projection', () => {
  it('a licence issued is a row holding its holder, its facts, its file and its whole timeline', () => {
    const scenario = scenarioFor(NUMBER, '2024-03-15', true);
    const model = licenceReadModel();
    model.given(asRecorded(scenario.events, { licenceNumber: NUMBER }));

    const row = model.row(NUMBER)!;
    const facts = scenario.events.filter(isFact) as LicenceFact[];
    const file = buildLicenceFile(facts)!;
    expect(row).toEqual({
      licence_number: NUMBER,
      stream_id: 'licence-901004310016',
      stream_version: '0',
      issued_on: '2024-03-15',
      holder: canonicalJson(file.holder),
      facts: canonicalJson(facts),
      file: row.file,
      timeline: row.timeline,
      recorded_ids: '[]',
      // The first probation increment (+2 after one year without a withdrawal, L223-1).
      next_decision_on: '2025-03-15',
      last_position: '1',
    });
    expect(JSON.parse(row.file)).toEqual(JSON.parse(JSON.stringify(file)));
    expect(JSON.parse(row.timeline)).toEqual(JSON.parse(JSON.stringify(computeTimeline(file))));
    expect(JSON.parse(row.timeline).map((d: { type: string }) => d.type)).toEqual([
      'ProbationIncrementGranted',
      'ProbationIncrementGranted',
      'ProbationEnded',
    ]);
  });

  it('a one-point withdrawal: the row holds it as recorded, and the six-month restoration as the next decision', () => {
    const scenario = onePointWithdrawn();
    const model = licenceReadModel();
    model.given(asRecorded(scenario.events, { licenceNumber: NUMBER }));

    const row = model.row(NUMBER)!;
    const withdrawal = scenario.recordedDecisions()[0];
    expect(withdrawal.type).toBe('PointsWithdrawn');
    expect(JSON.parse(row.recorded_ids)).toEqual([withdrawal.data.decisionId]);
    expect(row.next_decision_on).toBe('2024-12-01');
    expect(row.stream_version).toBe(String(scenario.events.length - 1));
    expect(model.infractions(NUMBER)).toEqual([
      {
        licence_number: NUMBER,
        infraction_id: 'i1',
        offence_code: 'SPEEDING',
        offence_class: '3',
        committed_on: '2024-05-20',
        check_id: null,
        status: 'ESTABLISHED',
        established_on: '2024-06-01',
        established_by: 'FINE_PAID',
        points_withdrawn: 1,
      },
    ]);
  });

  it('once the daily run appended the restoration, nothing is left to append: no next decision', () => {
    const scenario = onePointWithdrawn().runUntil('2024-12-01');
    const model = licenceReadModel();
    model.given(asRecorded(scenario.events, { licenceNumber: NUMBER }));

    const row = model.row(NUMBER)!;
    expect(JSON.parse(row.recorded_ids)).toEqual(
      scenario
        .recordedDecisions()
        .map((d) => d.data.decisionId)
        .sort(),
    );
    expect(row.next_decision_on).toBeNull();
  });

  it('a cancelled infraction reads CANCELLED, and its reversed withdrawal is no longer recorded', () => {
    const scenario = onePointWithdrawn().cancel('i1', '2024-07-01');
    expect(scenario.events.map((e) => e.type)).toContain('DecisionReversed');
    const model = licenceReadModel();
    model.given(asRecorded(scenario.events, { licenceNumber: NUMBER }));

    const row = model.row(NUMBER)!;
    expect(JSON.parse(row.recorded_ids)).toEqual([]);
    expect(row.next_decision_on).toBeNull();
    expect(JSON.parse(row.timeline)).toEqual([]);
    expect(model.infractions(NUMBER)).toEqual([
      expect.objectContaining({ infraction_id: 'i1', status: 'CANCELLED', points_withdrawn: 0 }),
    ]);
  });

  it('a decision recorded today that a fact of today undoes awaits its correction: the licence is due at once', async () => {
    const scenario = scenarioFor(NUMBER, '2015-01-10')
      .infraction('i1', 'RED_LIGHT', '2024-05-20')
      .establish('i1', '2024-06-01', 'FINE_PAID', '2024-06-01') // recorded on its day: the withdrawal waits…
      .runUntil('2024-06-01') // …for the run of that day
      .cancel('i1', '2024-06-01', '2024-06-01'); // cancelled the same day: corrected by the next run
    const model = licenceReadModel();
    model.given(asRecorded(scenario.events, { licenceNumber: NUMBER }));
    expect(JSON.parse(model.row(NUMBER)!.recorded_ids)).toHaveLength(1);
    expect(model.row(NUMBER)!.next_decision_on! <= '2024-06-01').toBe(true);
    await expect(model.queries.findDue('2024-06-02')).resolves.toEqual([NUMBER]);

    const corrected = scenario.runUntil('2024-06-02');
    const after = licenceReadModel();
    after.given(asRecorded(corrected.events, { licenceNumber: NUMBER }));
    expect(corrected.events.at(-1)!.type).toBe('DecisionReversed');
    expect(after.row(NUMBER)).toMatchObject({ recorded_ids: '[]', next_decision_on: null });
  });

  it('events of a stream with no LicenceIssued, and of streams that are not licences, are ignored', () => {
    const [, ...withoutIssue] = onePointWithdrawn().events;
    const model = licenceReadModel();
    model.given([
      ...asRecorded(withoutIssue, { licenceNumber: NUMBER }),
      ...asRecorded(onePointWithdrawn().events, {
        licenceNumber: NUMBER,
        streamId: 'letters-901004310016',
        firstPosition: 100n,
      }),
    ]);
    expect(model.dump()).toEqual({ licences: [], infractions: [] });
  });

  it('the rows do not depend on how the log was cut into batches', () => {
    const events = [
      ...asRecorded(onePointWithdrawn().course('2024-09-02', '2024-09-03').runUntil('2025-01-01').events, {
        licenceNumber: NUMBER,
      }),
    ];
    const other = scenarioFor('901004310017', '2020-02-02')
      .paid('x', 'RED_LIGHT', '2024-01-10', '2024-01-20')
      .cancel('x', '2024-03-01').events;
    const interleaved = [...events, ...asRecorded(other, { licenceNumber: '901004310017' })]
      .sort((a, b) => Number(a.streamVersion - b.streamVersion) || a.streamId.localeCompare(b.streamId))
      .map((event, index) => ({ ...event, globalPosition: BigInt(index + 1) }));

    const dumps = [1, 2, 3, 7, interleaved.length].map((batchSize) => {
      const model = licenceReadModel();
      model.given(interleaved, batchSize);
      return model.dump();
    });
    for (const dump of dumps.slice(1)) expect(dump).toEqual(dumps[0]);
    expect(dumps[0].licences).toHaveLength(2);
  });

  it('a batch given twice changes nothing the second time (each row knows its last position)', () => {
    const events = asRecorded(onePointWithdrawn().events, { licenceNumber: NUMBER });
    const model = licenceReadModel();
    model.given(events);
    const once = model.dump();
    model.given(events);
    model.given(events.slice(1, 3));
    expect(model.dump()).toEqual(once);
  });

  it('a row whose parsed copy was kept by a rolled-back batch is read again from the database', () => {
    const events = asRecorded(onePointWithdrawn().runUntil('2024-12-01').events, { licenceNumber: NUMBER });
    const model = licenceReadModel();
    model.given(events.slice(0, 2));
    // Applied (and remembered by the projection) but rolled back:
    expect(() =>
      model.database.transaction(() => {
        model.projection.apply(events.slice(2), model.database.tx(model.projection));
        throw new Error('rollback');
      }),
    ).toThrow('rollback');
    model.given(events.slice(2));

    const reference = licenceReadModel();
    reference.given(events);
    expect(model.dump()).toEqual(reference.dump());
  });
});

describe('the licence queries', () => {
  it('findLicence reads the file, the timeline and what the log holds, without touching the stream', async () => {
    const scenario = onePointWithdrawn();
    const model = licenceReadModel();
    model.given(asRecorded(scenario.events, { licenceNumber: NUMBER }));

    const licence = await model.queries.findLicence(NUMBER);
    const file = buildLicenceFile(scenario.facts())!;
    expect(licence).toEqual({
      licenceNumber: NUMBER,
      streamId: 'licence-901004310016',
      streamVersion: String(scenario.events.length - 1),
      file: JSON.parse(JSON.stringify(file)),
      timeline: JSON.parse(JSON.stringify(computeTimeline(file))),
      recordedIds: [scenario.recordedDecisions()[0].data.decisionId],
      nextDecisionOn: '2024-12-01',
      lastPosition: String(scenario.events.length),
    });
    await expect(model.queries.findLicence('901004310099')).resolves.toBeNull();
  });

  it('the balance on any date, and the upcoming restorations, are read from the stored timeline', async () => {
    const model = licenceReadModel();
    model.given(asRecorded(onePointWithdrawn().events, { licenceNumber: NUMBER }));

    const before = await model.queries.findSituation(NUMBER, '2024-11-30');
    expect(before).toMatchObject({ points: 11, capital: 12, status: 'VALID' });
    expect(before!.upcoming.map((d) => [d.type, d.data.effectiveOn])).toEqual([
      ['PointsRestored', '2024-12-01'],
    ]);
    await expect(model.queries.findSituation(NUMBER, '2024-12-01')).resolves.toMatchObject({ points: 12 });
    await expect(model.queries.findSituation(NUMBER, '2024-05-31')).resolves.toMatchObject({ points: 12 });
    expect(await model.queries.findSituation(NUMBER, '2024-12-01')).toEqual(
      onePointWithdrawn().on('2024-12-01'),
    );
  });

  it('findDue: a licence whose six-month restoration is due appears on that date, not before', async () => {
    const model = licenceReadModel();
    model.given([
      ...asRecorded(onePointWithdrawn().events, { licenceNumber: NUMBER }),
      ...asRecorded(scenarioFor('901004310017', '2015-01-10').events, {
        licenceNumber: '901004310017',
        firstPosition: 50n,
      }),
    ]);
    await expect(model.queries.findDue('2024-11-30')).resolves.toEqual([]);
    await expect(model.queries.findDue('2024-12-01')).resolves.toEqual([NUMBER]);
    await expect(model.queries.findDue('2031-01-01')).resolves.toEqual([NUMBER]);
    const plan = model.database.db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT licence_number FROM licences WHERE next_decision_on <= '2024-12-01' ORDER BY next_decision_on, licence_number",
      )
      .all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/COVERING INDEX licences__by_next_decision_on/);
  });
});
