import { fetchDevStaffToken } from '@ledger/auth';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';
import { ApiDataDir, graphql, type GraphqlAnswer } from '../e2e/support/api-harness';
import { startQuietApi } from './support/quiet-api';
import { holderFor, licenceNumber, licenceStory, toGraphql, type LedgerStep } from './support/ledger-stories';
import {
  eventsByCommand,
  headOf,
  readModelsReached,
  verifyReadModelAgainstLog,
} from './support/ledger-oracle';
import { LONG, Random, recordFigures, SEED, short, waitUntil } from './support/reliability-run';
import Database from 'better-sqlite3';

// Issue 6, item 1: many clients record facts at once through the GraphQL API, on one licence and on
// many, through two API instances on the same store (two connections, two workers on one read
// model). No acknowledged fact is lost, none is stored twice, every conflict is either retried to
// success by the service or reported as a clear CONFLICT that the client retries with the same
// commandId; and the read model ends equal to a rebuild from zero and to the law recomputed.

const TODAY = '2025-06-02';
const SAME_LICENCE_CLIENTS = short(40, 200);
const MANY_LICENCES = short(40, 300);
const LANES = short(12, 24);
const CONFLICT = 'LICENCE.CONCURRENT_UPDATE';

interface Tally {
  sent: number;
  /** The commandIds acknowledged to a client. */
  acknowledged: Set<string>;
  conflictsReported: number;
  retriedToSuccess: number;
  refusedByTheLaw: number;
  duplicatesSentAtOnce: number;
  other: string[];
}

const newTally = (): Tally => ({
  sent: 0,
  acknowledged: new Set(),
  conflictsReported: 0,
  retriedToSuccess: 0,
  refusedByTheLaw: 0,
  duplicatesSentAtOnce: 0,
  other: [],
});

describe('many clients recording facts at once', () => {
  const data = new ApiDataDir();
  let first: StartedApi;
  let second: StartedApi;
  let token: string;
  /** Each test's figures, once its assertions passed: the file holds only what ran and held. */
  const figures: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    const limits = { RATE_LIMIT_STAFF: '1000000', LEDGER_TODAY: TODAY, SEED_DEV_DATA: 'false' };
    first = await startQuietApi(data.env(limits));
    const idps = first.devIdentityProviders!;
    // The second instance trusts the first one's stand-ins, as two instances trust one provider.
    second = await startQuietApi(data.env({ ...limits, ...idps.apiEnvironment }));
    token = await fetchDevStaffToken(idps.staffIssuer, 'clerk');
  }, 60_000);
  afterAll(async () => {
    if (Object.keys(figures).length > 0) {
      recordFigures('concurrency', {
        command: LONG
          ? 'RELIABILITY_LONG=1 npx jest test/reliability/concurrency'
          : 'npx jest test/reliability/concurrency',
        apiInstances: 2,
        ...figures,
      });
    }
    await second?.close();
    await first?.close();
    data.remove();
  });

  /**
   * A client: sends the command to one instance or the other; a CONFLICT is retried with the same
   * commandId (as the error's message tells a clerk to), a refusal of the law is an answer.
   */
  async function client(tally: Tally, step: LedgerStep, instance: number): Promise<GraphqlAnswer> {
    const { query, variables, field } = toGraphql(step);
    for (let attempt = 1; ; attempt++) {
      tally.sent += 1;
      const api = (instance + attempt) % 2 === 0 ? first : second;
      const answer = await graphql<Record<string, unknown>>(api, query, variables, {
        authorization: `Bearer ${token}`,
      });
      const code = answer.errors?.[0]?.extensions?.code;
      // READ_MODEL.LAGGING: recorded, the read model behind; the client knows, as with an answer.
      if ((!answer.errors && answer.data?.[field]) || code === 'READ_MODEL.LAGGING') {
        tally.acknowledged.add(step.commandId);
        if (attempt > 1) tally.retriedToSuccess += 1;
        return answer;
      }
      if (code === CONFLICT && attempt < 50) {
        tally.conflictsReported += 1;
        continue;
      }
      if (code && code.includes('.') && code !== CONFLICT) {
        tally.refusedByTheLaw += 1;
        return answer;
      }
      tally.other.push(`${step.commandId}: ${answer.status} ${JSON.stringify(answer.errors)}`);
      return answer;
    }
  }

  const issue = (n: string): LedgerStep => ({
    kind: 'issue',
    commandId: `conc:${n}:issue`,
    licenceNumber: n,
    issuedOn: '2015-03-01',
    holder: holderFor(n),
    probationary: false,
  });

  test(`${SAME_LICENCE_CLIENTS} clients record and establish infractions on the same licence at once, each sent twice`, async () => {
    const tally = newTally();
    const n = licenceNumber(73, 0);
    await client(tally, issue(n), 0);
    const records: LedgerStep[] = Array.from({ length: SAME_LICENCE_CLIENTS }, (_, i) => ({
      kind: 'record',
      commandId: `conc:${n}:record-${i}`,
      licenceNumber: n,
      infractionId: `same-${i}`,
      offenceCode: 'SEATBELT_DRIVER',
      committedOn: '2024-01-10',
    }));
    // Each command sent twice at the same moment (a double click, a client retrying too early).
    tally.duplicatesSentAtOnce += records.length;
    await Promise.all(records.flatMap((step, i) => [client(tally, step, i), client(tally, step, i + 1)]));
    const establishments: LedgerStep[] = records.map((_, i) => ({
      kind: 'establish',
      commandId: `conc:${n}:establish-${i}`,
      licenceNumber: n,
      infractionId: `same-${i}`,
      mode: 'FINE_PAID',
      establishedOn: '2024-02-01',
    }));
    tally.duplicatesSentAtOnce += establishments.length;
    await Promise.all(
      establishments.flatMap((step, i) => [client(tally, step, i), client(tally, step, i + 1)]),
    );

    const events = new Database(data.env().EVENT_STORE_PATH!, { readonly: true });
    try {
      expect(tally.other).toEqual([]);
      // Every command was acknowledged in the end (each conflict retried to success), exactly once in the log.
      expect(tally.acknowledged.size).toBe(1 + 2 * SAME_LICENCE_CLIENTS);
      const count = (type: string) =>
        (
          events
            .prepare('SELECT count(*) AS n FROM events WHERE stream_id = ? AND type = ?')
            .get(`licence-${n}`, type) as { n: number }
        ).n;
      expect(count('InfractionRecorded')).toBe(SAME_LICENCE_CLIENTS);
      expect(count('InfractionEstablished')).toBe(SAME_LICENCE_CLIENTS);
      const versions = events
        .prepare('SELECT stream_version FROM events WHERE stream_id = ? ORDER BY stream_version')
        .pluck()
        .all(`licence-${n}`) as number[];
      expect(versions).toEqual(versions.map((_, i) => i)); // one writer at a time: no gap, no fork
    } finally {
      events.close();
    }
    const report = await verifiedReadModel();
    figures.oneLicence = { clients: SAME_LICENCE_CLIENTS, ...tallyFigures(tally), ...report };
  }, 120_000);

  test(`${MANY_LICENCES} licences recorded by ${LANES} clients at once, a fifth of the commands sent twice: nothing lost, nothing duplicated`, async () => {
    const tally = newTally();
    const random = new Random(SEED);
    const stories = Array.from({ length: MANY_LICENCES }, (_, i) =>
      licenceStory(random, licenceNumber(73, i + 1), TODAY, 'conc'),
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        for (let story = next++; story < stories.length; story = next++) {
          for (const step of stories[story]) {
            if (random.chance(0.2)) {
              tally.duplicatesSentAtOnce += 1;
              await Promise.all([client(tally, step, lane), client(tally, step, lane + 1)]);
            } else {
              await client(tally, step, lane);
            }
          }
        }
      }),
    );

    const byCommand = eventsByCommand(data.env().EVENT_STORE_PATH!);
    const lost = [...tally.acknowledged].filter((commandId) => !byCommand.has(commandId));
    // The log holds each command's events once (the oracle checks each command's ids) and each
    // licence's facts once: the same infraction recorded twice would be two InfractionRecorded.
    const events = new Database(data.env().EVENT_STORE_PATH!, { readonly: true });
    const duplicatedFacts = events
      .prepare(
        `SELECT stream_id, json_extract(data, '$.infractionId') AS id, type, count(*) AS n FROM events
         WHERE type IN ('InfractionRecorded', 'InfractionEstablished', 'InfractionCancelled') GROUP BY stream_id, id, type HAVING n > 1`,
      )
      .all();
    events.close();
    const report = await verifiedReadModel();
    expect(tally.other).toEqual([]);
    expect(tally.acknowledged.size).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(duplicatedFacts).toEqual([]);
    figures.manyLicences = {
      licences: MANY_LICENCES,
      concurrentClients: LANES,
      ...tallyFigures(tally),
      lost: lost.length,
      duplicatedFacts: duplicatedFacts.length,
      ...report,
    };
  }, 240_000);

  /** Once the read models reach the head: they equal a rebuild from zero and the law (the oracle). */
  async function verifiedReadModel() {
    const head = headOf(data.env().EVENT_STORE_PATH!);
    await waitUntil(
      () => readModelsReached(data.env().READ_MODEL_PATH!, head),
      30_000,
      'the read models to reach the head',
    );
    const report = await verifyReadModelAgainstLog({
      eventStorePath: data.env().EVENT_STORE_PATH!,
      readModelPath: data.env().READ_MODEL_PATH!,
      today: TODAY,
    });
    expect(report.discrepancies).toEqual([]);
    return {
      eventsInTheLog: report.events,
      lettersInTheReadModel: report.letters,
      readModelDiscrepancies: report.discrepancies.length,
    };
  }
});

function tallyFigures(tally: Tally) {
  return {
    requestsSent: tally.sent,
    commandsAcknowledged: tally.acknowledged.size,
    duplicatesSentAtOnce: tally.duplicatesSentAtOnce,
    conflictsReportedToClients: tally.conflictsReported,
    conflictsRetriedToSuccess: tally.retriedToSuccess,
    refusedByTheLaw: tally.refusedByTheLaw,
    unexpectedAnswers: tally.other.length,
  };
}
