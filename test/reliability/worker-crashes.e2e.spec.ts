import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { openLedgerEventStore } from '@ledger/application';
import { startApplication } from '../../libs/application/test/application-test-bed';
import { ChildService, WORKER_ENTRY } from './support/child-service';
import { CommandLanes } from './support/command-lanes';
import { licenceNumber, licenceStory, toCommand } from './support/ledger-stories';
import {
  headOf,
  readCheckpoints,
  readModelsReached,
  verifyReadModelAgainstLog,
} from './support/ledger-oracle';
import { LONG, Random, recordFigures, SEED, short, sleep, waitUntil } from './support/reliability-run';

// Issue 6, item 2: the worker, a real OS process running apps/ledger-worker/src/main.ts, is killed
// with SIGKILL at random moments while clerks keep appending to the log it follows, and restarted
// each time. At the end, an oracle that recomputes every licence from the log alone must find the
// read model exact: nothing applied twice, nothing missed.

const KILLS = short(10, 200);
const TODAY = '2025-06-02';

describe('the worker killed at random points while the log grows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-worker-crashes-'));
  const env = {
    EVENT_STORE_PATH: join(dir, 'events.sqlite'),
    READ_MODEL_PATH: join(dir, 'read-model.sqlite'),
    LEDGER_TODAY: TODAY,
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test(
    `${KILLS} SIGKILLs during a stream of appends: the read model equals the law recomputed from the log`,
    async () => {
      const random = new Random(SEED);
      const store = openLedgerEventStore(env.EVENT_STORE_PATH);
      const app = await startApplication({ eventStore: store, today: TODAY });
      const bus = app.commandBus as CommandBus;
      const lanes = new CommandLanes({
        lanes: 3,
        random,
        pauseMs: 4,
        story: (index) => licenceStory(random, licenceNumber(71, index), TODAY, 'worker-crash'),
        execute: (step) => bus.execute(toCommand(step)),
      });
      const kills = {
        total: 0,
        beforeReady: 0,
        whileBehind: 0,
        midCatchUp: 0,
        checkpointRegressions: 0,
        maxLagAtKill: 0n,
        /** Exits that were not SIGKILL's: a worker that died by itself would not be a kill. */
        otherExits: [] as string[],
      };
      let worker: ChildService | undefined;
      try {
        lanes.start();
        await sleep(300);
        let highest = 0n;
        for (let k = 0; k < KILLS; k++) {
          const checkpointAtStart = readCheckpoints(env.READ_MODEL_PATH).licences ?? 0n;
          worker = ChildService.start(WORKER_ENTRY, env);
          await sleep(random.int(100, 2500));
          const ready = /Ledger worker started/.test(worker.log);
          const head = headOf(env.EVENT_STORE_PATH);
          const exit = await worker.stop('SIGKILL');
          if (exit.signal !== 'SIGKILL')
            kills.otherExits.push(
              `kill ${k + 1}: code ${exit.code}, signal ${exit.signal}\n${worker.log.slice(-2000)}`,
            );
          const checkpoint = readCheckpoints(env.READ_MODEL_PATH).licences ?? 0n;
          kills.total += 1;
          if (!ready) kills.beforeReady += 1;
          if (checkpoint < head) kills.whileBehind += 1;
          // It had applied batches, and was still applying when killed: a kill in the middle of the work.
          if (checkpoint > checkpointAtStart && checkpoint < head) kills.midCatchUp += 1;
          if (head - checkpoint > kills.maxLagAtKill) kills.maxLagAtKill = head - checkpoint;
          if (checkpoint < highest) kills.checkpointRegressions += 1;
          highest = checkpoint > highest ? checkpoint : highest;
        }
        const figures = await lanes.stop();
        expect(lanes.unexpected).toEqual([]);

        // Restarted once more, it catches up with the whole log, then stops as an orchestrator stops it.
        // Its daily run for today (started at each start-up until one completes) may append too: once
        // it is done ("Next daily run at…"), nothing else writes, and the read model must reach the head.
        worker = ChildService.start(WORKER_ENTRY, env);
        await worker.waitFor(/Next daily run at/, 60_000);
        const head = headOf(env.EVENT_STORE_PATH);
        await waitUntil(
          () => readModelsReached(env.READ_MODEL_PATH, head),
          60_000,
          'the read models to reach the head',
        );
        const exit = await worker.stop('SIGTERM');
        expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);

        const report = await verifyReadModelAgainstLog({
          eventStorePath: env.EVENT_STORE_PATH,
          readModelPath: env.READ_MODEL_PATH,
          today: TODAY,
        });
        recordFigures('worker-crashes', {
          command: LONG
            ? 'RELIABILITY_LONG=1 npx jest test/reliability/worker-crashes'
            : 'npx jest test/reliability/worker-crashes',
          kills: kills.total,
          killedBySigkill: kills.total - kills.otherExits.length,
          killsBeforeStartupCompleted: kills.beforeReady,
          killsWhileReadModelBehind: kills.whileBehind,
          killsWhileApplyingBatches: kills.midCatchUp,
          maxLagAtKill: kills.maxLagAtKill.toString(),
          checkpointRegressions: kills.checkpointRegressions,
          commands: figures.commands,
          commandsAppended: figures.appended,
          commandsRefusedByTheLaw: figures.refused,
          events: report.events,
          licences: report.licences,
          decisions: report.decisions,
          letterWorthyDecisions: report.letterWorthyDecisions,
          letters: report.letters,
          discrepancies: report.discrepancies.length,
          testProcessPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        });
        expect(kills.otherExits).toEqual([]);
        expect(report.discrepancies).toEqual([]);
        expect(kills.checkpointRegressions).toBe(0);
        expect(report.licences).toBeGreaterThan(0);
      } finally {
        if (worker?.running) await worker.stop('SIGKILL');
        await lanes.stop();
        await app.close();
        await store.close();
      }
    },
    short(180_000, 1_800_000),
  );
});
