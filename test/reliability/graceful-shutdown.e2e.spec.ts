import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openLedgerEventStore } from '@ledger/application';
import { startApplication } from '../../libs/application/test/application-test-bed';
import { ApiChild, apiChildEnv, type Outcome } from './support/api-child';
import { ChildService, WORKER_ENTRY } from './support/child-service';
import { CommandLanes } from './support/command-lanes';
import { licenceNumber, licenceStory, toCommand, toGraphql } from './support/ledger-stories';
import {
  eventsByCommand,
  headOf,
  readCheckpoints,
  readModelsReached,
  verifyReadModelAgainstLog,
} from './support/ledger-oracle';
import { Random, recordFigures, SEED, sleep, waitUntil } from './support/reliability-run';

// Issue 6, item 5: SIGTERM, as an orchestrator sends it, under load. The API stops taking requests,
// answers every one in flight, then stops its worker and closes the stores; the worker finishes the
// batch it is applying and says where it stopped. Nothing is lost: every command the log holds was
// answered, and after a restart the read models equal the law recomputed from the log.

const TODAY = '2025-06-02';

describe('a graceful shutdown under load', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-shutdown-'));
    dirs.push(dir);
    return dir;
  };
  const figures: Record<string, unknown> = { command: 'npx jest test/reliability/graceful-shutdown' };
  afterAll(() => {
    recordFigures('graceful-shutdown', figures);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('SIGTERM to the API: the requests in flight are answered, the process exits 0, and every command in the log was acknowledged', async () => {
    const dir = tempDir();
    const env = await apiChildEnv(dir, TODAY);
    const random = new Random(SEED);
    const api = await ApiChild.start(env);
    interface Sent {
      commandId: string;
      startedAt: number;
      endedAt: number;
      outcome: Outcome;
    }
    const sent: Sent[] = [];
    let next = 0;
    let closed = false;
    const lane = async () => {
      while (!closed) {
        for (const step of licenceStory(random, licenceNumber(74, next++), TODAY, 'shutdown')) {
          const { query, variables, field } = toGraphql(step);
          const startedAt = Date.now();
          const outcome = await api.graphql(query, variables, field);
          sent.push({ commandId: step.commandId, startedAt, endedAt: Date.now(), outcome });
          if (outcome.kind === 'unknown') {
            closed = true;
            return;
          }
        }
      }
    };
    const lanes = Array.from({ length: 8 }, lane);
    await sleep(1500);
    const sigtermAt = Date.now();
    const exit = await api.service.stop('SIGTERM');
    const stoppedInMs = Date.now() - sigtermAt;
    closed = true;
    await Promise.all(lanes);

    const inLog = eventsByCommand(env.EVENT_STORE_PATH!);
    const inFlight = sent.filter((s) => s.startedAt < sigtermAt && s.endedAt >= sigtermAt);
    // A request the server received and processed, but whose answer the client did not get: a cut.
    const cut = sent.filter((s) => s.outcome.kind === 'unknown' && inLog.has(s.commandId));
    const unacknowledgedInLog = [...inLog.keys()].filter(
      (id) => id.startsWith('shutdown:') && !sent.some((s) => s.commandId === id && s.outcome.kind === 'ack'),
    );
    Object.assign(figures, {
      apiStoppedInMs: stoppedInMs,
      apiExitCode: exit.code,
      requestsSent: sent.length,
      requestsInFlightAtSigterm: inFlight.length,
      inFlightAnswered: inFlight.filter((s) => s.outcome.kind === 'ack').length,
      refusedWhileDraining: sent.filter((s) => s.outcome.kind === 'unknown').length,
      answersCut: cut.length,
      commandsInLogNotAcknowledged: unacknowledgedInLog.length,
    });
    expect(exit.code).toBe(0);
    // Eight clients send back to back: some requests are always in flight at the signal, and a run
    // where none was would prove nothing about them.
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.filter((s) => s.outcome.kind !== 'ack')).toEqual([]);
    expect(cut).toEqual([]);
    expect(unacknowledgedInLog).toEqual([]);
    expect(api.service.log).toMatch(/Points Ledger API on/);

    // The worker (here on its own) resumes from the checkpoints the API's worker committed.
    const worker = ChildService.start(WORKER_ENTRY, {
      EVENT_STORE_PATH: env.EVENT_STORE_PATH,
      READ_MODEL_PATH: env.READ_MODEL_PATH,
      LEDGER_TODAY: TODAY,
    });
    await worker.waitFor(/Next daily run at/, 60_000);
    const head = headOf(env.EVENT_STORE_PATH!);
    await waitUntil(
      () => readModelsReached(env.READ_MODEL_PATH!, head),
      60_000,
      'the read models to reach the head',
    );
    expect((await worker.stop('SIGTERM')).code).toBe(0);
    const report = await verifyReadModelAgainstLog({
      eventStorePath: env.EVENT_STORE_PATH!,
      readModelPath: env.READ_MODEL_PATH!,
      today: TODAY,
    });
    expect(report.discrepancies).toEqual([]);
  }, 120_000);

  test('SIGTERM to the worker, three times during a stream of appends: it stops after its batch and resumes exactly', async () => {
    const dir = tempDir();
    const env = {
      EVENT_STORE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_PATH: join(dir, 'read-model.sqlite'),
      LEDGER_TODAY: TODAY,
    };
    const random = new Random(SEED + 1);
    const store = openLedgerEventStore(env.EVENT_STORE_PATH);
    const app = await startApplication({ eventStore: store, today: TODAY });
    const lanes = new CommandLanes({
      lanes: 3,
      random,
      pauseMs: 4,
      story: (i) => licenceStory(random, licenceNumber(75, i), TODAY, 'worker-stop'),
      execute: (step) => app.commandBus.execute(toCommand(step)),
    });
    const stops: { ms: number; code: number | null; line: string }[] = [];
    try {
      lanes.start();
      for (let k = 0; k < 3; k++) {
        const worker = ChildService.start(WORKER_ENTRY, env);
        await worker.waitFor(/Ledger worker started/, 30_000);
        await sleep(random.int(300, 1200));
        const at = Date.now();
        const exit = await worker.stop('SIGTERM');
        const line = /Ledger worker stopped in .*/.exec(worker.log)?.[0] ?? '';
        stops.push({ ms: Date.now() - at, code: exit.code, line });
        expect(exit.code).toBe(0);
        expect(line).toMatch(/licences at \d+, letters at \d+ \(head of the log: \d+\)/);
        // Stopped between batches: no row is ahead of its read model's checkpoint.
        const checkpoints = readCheckpoints(env.READ_MODEL_PATH);
        const db = new Database(env.READ_MODEL_PATH, { readonly: true });
        const ahead = db
          .prepare('SELECT count(*) AS n FROM licences WHERE CAST(last_position AS INTEGER) > ?')
          .get(Number(checkpoints.licences ?? 0n)) as { n: number };
        const lettersAhead = db
          .prepare('SELECT count(*) AS n FROM letters WHERE CAST(global_position AS INTEGER) > ?')
          .get(Number(checkpoints.letters ?? 0n)) as { n: number };
        db.close();
        expect(ahead.n + lettersAhead.n).toBe(0);
      }
      await lanes.stop();
      expect(lanes.unexpected).toEqual([]);
      const worker = ChildService.start(WORKER_ENTRY, env);
      await worker.waitFor(/Next daily run at/, 60_000);
      const head = headOf(env.EVENT_STORE_PATH);
      await waitUntil(
        () => readModelsReached(env.READ_MODEL_PATH, head),
        60_000,
        'the read models to reach the head',
      );
      expect((await worker.stop('SIGTERM')).code).toBe(0);
      const report = await verifyReadModelAgainstLog({
        eventStorePath: env.EVENT_STORE_PATH,
        readModelPath: env.READ_MODEL_PATH,
        today: TODAY,
      });
      Object.assign(figures, {
        workerStops: stops.length,
        workerStoppedInMs: stops.map((s) => s.ms),
        workerStopLines: stops.map((s) => s.line),
        workerEvents: report.events,
        workerDiscrepancies: report.discrepancies.length,
      });
      expect(report.discrepancies).toEqual([]);
    } finally {
      await lanes.stop();
      await app.close();
      await store.close();
    }
  }, 120_000);
});
