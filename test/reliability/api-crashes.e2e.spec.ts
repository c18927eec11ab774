import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiChild, apiChildEnv, type Outcome } from './support/api-child';
import { licenceNumber, licenceStory, toGraphql, type LedgerStep } from './support/ledger-stories';
import {
  eventsByCommand,
  headOf,
  readModelsReached,
  verifyReadModelAgainstLog,
} from './support/ledger-oracle';
import { LONG, Random, recordFigures, SEED, short, sleep, waitUntil } from './support/reliability-run';

// Issue 6, item 2, the API side: the API process (with its worker, as `npm start` runs it) is
// killed with SIGKILL while clerks send commands over HTTP. Every command the API acknowledged must
// be in the log; every command whose answer was lost is sent again with the same commandId after
// the restart, as a client does; and sending every command again appends nothing twice.

const KILLS = short(3, 25);
const TODAY = '2025-06-02';
const LANES = 6;

interface Sent {
  step: LedgerStep;
  /** The outcome the client finally saw (after its retries), and how many tries it took. */
  outcome: Outcome;
  tries: number;
}

describe('the API killed in the middle of commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-api-crashes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test(
    `${KILLS} SIGKILLs of the API: every acknowledged command is in the log, and a retried command never appends twice`,
    async () => {
      const env = await apiChildEnv(dir, TODAY);
      const random = new Random(SEED);
      let api = await ApiChild.start(env);
      let up: Promise<ApiChild> = Promise.resolve(api);
      let restarting: ((api: ApiChild) => void) | undefined;
      const sent: Sent[] = [];
      const unexpected: string[] = [];
      let inFlightAtKill = 0;
      /** Exits that were not SIGKILL's: an API that died by itself would not be a kill. */
      const otherExits: string[] = [];
      let stopped = false;
      let next = 0;

      /** A client that retries a command whose answer it did not get, with the same commandId. */
      const send = async (step: LedgerStep): Promise<Sent> => {
        const { query, variables, field } = toGraphql(step);
        for (let tries = 1; ; tries++) {
          const client = await up;
          const outcome = await client.graphql(query, variables, field);
          if (outcome.kind === 'unknown') {
            inFlightAtKill += tries === 1 ? 1 : 0;
            await sleep(50);
            continue;
          }
          if (
            outcome.kind === 'refused' &&
            (outcome.code === 'INTERNAL_SERVER_ERROR' || outcome.code === 'UNAUTHENTICATED')
          ) {
            unexpected.push(`${step.commandId}: ${outcome.code}`);
            await sleep(50);
            continue;
          }
          return { step, outcome, tries };
        }
      };
      const lane = async () => {
        while (!stopped) {
          for (const step of licenceStory(random, licenceNumber(72, next++), TODAY, 'api-crash'))
            sent.push(await send(step));
        }
      };

      const lanes = Array.from({ length: LANES }, lane);
      try {
        for (let k = 0; k < KILLS; k++) {
          await sleep(random.int(300, 1500));
          up = new Promise((resolve) => (restarting = resolve));
          const exit = await api.service.stop('SIGKILL');
          if (exit.signal !== 'SIGKILL')
            otherExits.push(
              `kill ${k + 1}: code ${exit.code}, signal ${exit.signal}\n${api.service.log.slice(-2000)}`,
            );
          api = await ApiChild.start(env);
          restarting!(api);
        }
        await sleep(500);
        stopped = true;
        await Promise.all(lanes);

        // Every acknowledged command is in the log.
        const byCommand = eventsByCommand(env.EVENT_STORE_PATH!);
        const acknowledged = sent.filter((s) => s.outcome.kind === 'ack');
        const missing = acknowledged.filter((s) => !byCommand.has(s.step.commandId));
        const refusedButStored = sent.filter(
          (s) => s.outcome.kind === 'refused' && byCommand.has(s.step.commandId),
        );

        // Every command stored is sent again, same commandId: the same answer, nothing appended. The
        // last start-up's daily run may still be appending: once it is done nothing else writes.
        await api.service.waitFor(/Next daily run at/, 60_000);
        const headBefore = headOf(env.EVENT_STORE_PATH!);
        const again = await Promise.all(
          Array.from({ length: LANES }, async (_, laneIndex) => {
            const outcomes: Outcome[] = [];
            const stored = sent.filter((s) => byCommand.has(s.step.commandId));
            for (let i = laneIndex; i < stored.length; i += LANES) {
              const { query, variables, field } = toGraphql(stored[i].step);
              outcomes.push(await api.graphql(query, variables, field));
            }
            return outcomes;
          }),
        );
        const retried = again.flat();
        const afterRetry = eventsByCommand(env.EVENT_STORE_PATH!);
        const duplicated = [...byCommand].filter(([commandId, count]) => afterRetry.get(commandId) !== count);

        const eventsAppendedByResending = Number(headOf(env.EVENT_STORE_PATH!) - headBefore);

        // And the read model, fed by the API's worker killed along with it, is exact.
        const head = headOf(env.EVENT_STORE_PATH!);
        await waitUntil(
          () => readModelsReached(env.READ_MODEL_PATH!, head),
          60_000,
          'the read models to reach the head',
        );
        await api.service.stop('SIGTERM');
        const report = await verifyReadModelAgainstLog({
          eventStorePath: env.EVENT_STORE_PATH!,
          readModelPath: env.READ_MODEL_PATH!,
          today: TODAY,
        });

        recordFigures('api-crashes', {
          command: LONG
            ? 'RELIABILITY_LONG=1 npx jest test/reliability/api-crashes'
            : 'npx jest test/reliability/api-crashes',
          kills: KILLS,
          killedBySigkill: KILLS - otherExits.length,
          commandsSent: sent.length,
          acknowledged: acknowledged.length,
          refusedByTheLaw: sent.filter((s) => s.outcome.kind === 'refused').length,
          answersLostInFlight: inFlightAtKill,
          acknowledgedAfterARetry: sent.filter((s) => s.tries > 1 && s.outcome.kind === 'ack').length,
          acknowledgedMissingFromTheLog: missing.length,
          refusedButStored: refusedButStored.length,
          resentWithTheSameCommandId: retried.length,
          resentAcknowledged: retried.filter((o) => o.kind === 'ack').length,
          duplicatedByResending: duplicated.length,
          eventsAppendedByResending,
          events: report.events,
          letters: report.letters,
          readModelDiscrepancies: report.discrepancies.length,
          unexpectedErrors: unexpected.length,
        });
        expect(missing).toEqual([]);
        expect(refusedButStored).toEqual([]);
        expect(duplicated).toEqual([]);
        expect(otherExits).toEqual([]);
        expect(eventsAppendedByResending).toBe(0);
        expect(retried.filter((o) => o.kind !== 'ack')).toEqual([]);
        expect(report.discrepancies).toEqual([]);
        expect(unexpected).toEqual([]);
        expect(inFlightAtKill).toBeGreaterThan(0);
      } finally {
        stopped = true;
        restarting?.(api);
        if (api.service.running) await api.service.stop('SIGKILL');
      }
    },
    short(120_000, 900_000),
  );
});
