import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CommandBus } from '@nestjs/cqrs';
import { openLedgerEventStore } from '@ledger/application';
import { LicenceProjection, ReadModelDatabase, ReadModelRebuilder } from '@ledger/read-models';
import { LettersProjection } from '@ledger/read-models/letters';
import { startApplication } from '../../libs/application/test/application-test-bed';
import { issueLetters } from '../../libs/read-models/test/letters/issued-letters-log';
import { licenceNumber, licenceStory, toCommand } from './support/ledger-stories';
import { verifyReadModelAgainstLog } from './support/ledger-oracle';
import { Random } from './support/reliability-run';

// The crash and concurrency suites report "0 discrepancies" from this oracle: it must find the
// discrepancies it claims to look for. A small log, a read model rebuilt from it, then one fault at
// a time written into the read model's file.

const TODAY = '2025-06-02';
/** The morning after: the day the commands were recorded is over, so its letters are due. */
const NEXT_DAY = '2025-06-03';

describe('the reliability oracle', () => {
  let dir: string;
  let paths: { eventStorePath: string; readModelPath: string; today: string };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-oracle-'));
    paths = {
      eventStorePath: join(dir, 'events.sqlite'),
      readModelPath: join(dir, 'read-model.sqlite'),
      today: NEXT_DAY,
    };
    const store = openLedgerEventStore(paths.eventStorePath);
    const app = await startApplication({ eventStore: store, today: TODAY });
    try {
      const random = new Random(20_251_206);
      for (let licence = 0; licence < 12; licence++) {
        for (const step of licenceStory(random, licenceNumber(79, licence), TODAY, 'oracle')) {
          await (app.commandBus as CommandBus).execute(toCommand(step)).catch(() => undefined);
        }
      }
      // The next morning, the worker's letters workflow records that day's letters (LetterIssued).
      await issueLetters(store, NEXT_DAY);
      const projections = [new LicenceProjection(), new LettersProjection()];
      const readModel = ReadModelDatabase.open(paths.readModelPath, projections);
      const rebuilder = new ReadModelRebuilder(store, readModel, projections);
      for (const projection of projections) await rebuilder.rebuild(projection.name);
      readModel.close();
    } finally {
      await app.close();
      await store.close();
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const tamper = (file: string, sql: string) => {
    const db = new Database(file);
    try {
      expect(db.prepare(sql).run().changes).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  };

  test('finds nothing in a read model rebuilt from the log, and counts what it checked', async () => {
    const report = await verifyReadModelAgainstLog(paths);
    expect(report.discrepancies).toEqual([]);
    expect(report.licences).toBe(12);
    expect(report.events).toBe(Number(report.head));
    expect(report.letters).toBe(report.letterWorthyDecisions);
    expect(report.letters).toBeGreaterThan(0);
  });

  test('finds a letter missing from the read model', async () => {
    tamper(paths.readModelPath, 'DELETE FROM letters WHERE rowid = (SELECT min(rowid) FROM letters)');
    const report = await verifyReadModelAgainstLog(paths);
    expect(report.discrepancies.join('\n')).toMatch(/no letter .* for event/);
    expect(report.discrepancies.join('\n')).toMatch(/table letters: \d+ live rows, \d+ rebuilt from zero/);
  });

  test("finds a licence row whose balance differs from the law's", async () => {
    tamper(
      paths.readModelPath,
      "UPDATE licences SET timeline = '[]' WHERE licence_number = (SELECT min(licence_number) FROM licences)",
    );
    const report = await verifyReadModelAgainstLog(paths);
    expect(report.discrepancies.join('\n')).toMatch(/timeline differs from the law's/);
    expect(report.discrepancies.join('\n')).toMatch(
      /table licences: row 0 differs from the rebuild from zero/,
    );
  });

  test('finds an event appended twice by one command', async () => {
    // A command's InfractionRecorded again, at the end of its stream: an append that was not idempotent.
    tamper(
      paths.eventStorePath,
      `INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata, recorded_at)
       SELECT stream_id, (SELECT max(stream_version) + 1 FROM events e2 WHERE e2.stream_id = e.stream_id),
              '00000000-0000-4000-8000-000000000001', type, data, metadata, recorded_at
       FROM events e WHERE global_position = (SELECT max(global_position) FROM events WHERE type = 'InfractionRecorded')`,
    );
    const report = await verifyReadModelAgainstLog(paths);
    expect(report.discrepancies.join('\n')).toMatch(/its events are not exactly one append of it/);
  });
});
