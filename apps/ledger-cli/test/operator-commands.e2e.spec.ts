import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { isCalendarDate, matchesHolder } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { LicenceQueries, ReadModelDatabase, LicenceProjection, dumpProjection } from '@ledger/read-models';
import { exportLogTo, importLogFrom } from '../src/log-transfer';
import { parseLogLine } from '../src/log-ndjson';
import { Progress, formatDuration } from '../src/progress';
import { rebuildReadModels } from '../src/rebuild';
import { replayTo } from '../src/replay';
import { seedInParallel } from '../src/seed/seed';
import { syntheticIdentity, syntheticLicence, syntheticLicenceNumber } from '../src/seed/synthetic-licence';

// The operator's tools (ledger-cli seed, rebuild, export, import, replay) on temporary stores.

const TODAY = '2025-06-30';

describe('ledger-cli operator commands', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const open: Array<{ close(): unknown }> = [];
  const store = (file = 'events.sqlite') => {
    const opened = new SqliteEventStore(join(dir, file));
    open.push(opened);
    return opened;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-ops-'));
    env = { EVENT_STORE_PATH: join(dir, 'events.sqlite'), READ_MODEL_PATH: join(dir, 'read-model.sqlite') };
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((opened) => opened.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('seed writes each holder a history the decider made, and seeding them again appends nothing', async () => {
    const events = store();
    const first = await seedInParallel(events, {
      holders: 40,
      today: TODAY,
      seed: 7,
      batchHolders: 16,
      jobs: 1,
    });
    expect(first.events).toBeGreaterThan(40);
    expect(first.appendedEvents).toBe(first.events);
    expect(await events.headPosition()).toBe(BigInt(first.events));

    const { events: stream } = await events.readStream(`licence-${syntheticLicenceNumber(3)}`);
    expect(stream[0].type).toBe('LicenceIssued');
    expect(stream[0].metadata).toMatchObject({ actor: 'system:ledger-cli seed', schemaVersion: 1 });
    expect(isCalendarDate(stream[0].metadata.recordedOn)).toBe(true);
    // Deterministic: the generator gives the same history again, and the holder's identity matches it.
    expect(stream.map((event) => event.type)).toEqual(
      syntheticLicence(3, { today: TODAY, seed: 7 }).commands.flatMap((command) =>
        command.events.map((event) => event.type),
      ),
    );
    expect(
      matchesHolder(
        syntheticIdentity(3, { today: TODAY, seed: 7 }),
        (stream[0].data as { holder: never }).holder,
      ),
    ).toBe(true);

    const again = await seedInParallel(events, {
      holders: 40,
      today: TODAY,
      seed: 7,
      batchHolders: 16,
      jobs: 1,
    });
    expect(again).toMatchObject({ events: first.events, appendedEvents: 0 });
    expect(await events.headPosition()).toBe(BigInt(first.events));
  });

  it('rebuild writes one licence row per seeded holder, at the head of the log, with progress', async () => {
    const seeded = await seedInParallel(store(), { holders: 25, today: TODAY, jobs: 1 });
    const [report] = await rebuildReadModels(store('events.sqlite'), 'licences', { quiet: true, env });
    expect(report).toMatchObject({
      projection: 'licences',
      events: seeded.events,
      position: String(seeded.events),
    });
    expect(report.peakRssMb).toBeGreaterThan(0);
    const database = ReadModelDatabase.open(env.READ_MODEL_PATH!, [new LicenceProjection()]);
    try {
      expect(dumpProjection(database, new LicenceProjection()).licences).toHaveLength(25);
      expect(database.checkpoint('licences')).toBe(BigInt(seeded.events));
    } finally {
      database.close();
    }
    await expect(rebuildReadModels(store('events.sqlite'), 'nothing', { quiet: true, env })).rejects.toThrow(
      'No read model named "nothing" (known: licences, letters, or all).',
    );
  });

  it('export writes the log as NDJSON, and import into an empty store gives back the same log', async () => {
    const source = store();
    await seedInParallel(source, { holders: 30, today: TODAY, batchHolders: 7, jobs: 1 });
    const file = join(dir, 'log.ndjson');
    const exported = await exportLogTo(source, file, { batchSize: 11 });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(exported.events);
    expect(parseLogLine(lines[0], 1)).toMatchObject({ globalPosition: 1n, streamVersion: 0n });

    const target = store('imported.sqlite');
    const imported = await importLogFrom(target, file, { batchSize: 13 });
    expect(imported).toMatchObject({
      events: exported.events,
      appended: exported.events,
      alreadyStored: 0,
      firstPosition: '1',
    });
    expect(await target.readAll({ after: 0n })).toEqual(await source.readAll({ after: 0n }));

    // Run again (an interrupted import resumed): everything is recognised, nothing appended twice.
    expect(await importLogFrom(target, file, { batchSize: 13 })).toMatchObject({
      appended: 0,
      alreadyStored: exported.events,
    });
    expect(await target.headPosition()).toBe(BigInt(exported.events));
  });

  it('import refuses a file out of log order, naming the line', async () => {
    const source = store();
    await seedInParallel(source, { holders: 3, today: TODAY, jobs: 1 });
    const file = join(dir, 'log.ndjson');
    await exportLogTo(source, file, {});
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const swapped = join(dir, 'swapped.ndjson');
    writeFileSync(swapped, [lines[1], lines[0], ...lines.slice(2)].join('\n'));
    await expect(importLogFrom(store('other.sqlite'), swapped, {})).rejects.toThrow(
      /^Line 2: position 1 does not follow 2/,
    );
  });

  it('replay --to rebuilds, into a separate file, the read model as it stood at the end of that day', async () => {
    const events = store();
    await seedInParallel(events, { holders: 60, today: TODAY, jobs: 1 });
    const to = '2015-12-31';
    const [report] = await replayTo(events, { to, out: join(dir, 'replay.sqlite'), env });
    const database = ReadModelDatabase.open(report.out, [new LicenceProjection()]);
    try {
      const queries = new LicenceQueries(database);
      const rows = dumpProjection(database, new LicenceProjection()).licences as Array<{
        licence_number: string;
        issued_on: string;
      }>;
      const issuedBy = Array.from({ length: 60 }, (_, i) =>
        syntheticLicence(i, { today: TODAY, seed: 1 }),
      ).filter((licence) => (licence.commands[0].events[0].data as { issuedOn: string }).issuedOn <= to);
      expect(rows.map((row) => row.licence_number).sort()).toEqual(
        issuedBy.map((licence) => licence.licenceNumber).sort(),
      );
      // Every event the replayed rows hold was recorded by then.
      for (const row of rows) {
        const licence = await queries.findLicence(row.licence_number);
        const { events: stream } = await events.readStream(`licence-${row.licence_number}`);
        const kept = stream.filter((event) => (event.metadata.recordedOn ?? '') <= to);
        expect(licence!.streamVersion).toBe(kept[kept.length - 1].streamVersion.toString());
      }
    } finally {
      database.close();
    }
    await expect(replayTo(events, { to, out: report.out, env })).rejects.toThrow(/exists: pass --force/);
    await expect(replayTo(events, { to: '2015-02-30', env })).rejects.toThrow('--to must be a date');
  });

  it('progress shows done / total, the rate and the time left, one line at a time without a terminal', () => {
    const written: string[] = [];
    const stream = Object.assign(
      new Writable({ write: (chunk, _encoding, next) => (written.push(String(chunk)), next()) }),
      { isTTY: false },
    );
    const progress = new Progress({
      label: 'rebuild licences',
      total: 1000,
      unit: 'events',
      stream,
      lineIntervalMs: 0,
    });
    progress.update(250);
    expect(written[0]).toMatch(
      /^rebuild licences {2}\[######-{18}\]\s+25\.0% {2}250\/1,000 events {2}[\d,]+ events\/s {2}ETA \d+:\d\d\n$/,
    );
    progress.finish();
    expect(written[written.length - 1]).toMatch(/ in \d+:\d\d\n$/);
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(65)).toBe('1:05');
  });
});
