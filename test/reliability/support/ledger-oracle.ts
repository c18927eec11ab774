import { rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { openLedgerEventStore } from '@ledger/application';
import {
  buildLicenceFile,
  computeTimeline,
  DECISION_TYPES,
  evolve,
  initialState,
  letterFor,
  situationFrom,
  situationOf,
  type CalendarDate,
  type DecisionReversed,
  type LicenceDecision,
  type LicenceEvent,
  type LicenceFile,
  type LicenceState,
} from '@ledger/domain';
import { eventIdFor, type EventStore, type RecordedEvent } from '@ledger/event-store';
import {
  canonicalize,
  canonicalJson,
  infractionRow,
  licenceNumberOfStream,
  LicenceProjection,
  ReadModelDatabase,
  ReadModelRebuilder,
  type LicenceRow,
} from '@ledger/read-models';
import { issuedOnOf, LettersProjection, letterIssuedEventId } from '@ledger/read-models/letters';
import { LETTER_ISSUED, letterIdFor } from '@ledger/letters';

export interface OracleReport {
  head: string;
  events: number;
  licences: number;
  commands: number;
  decisions: number;
  /** Decisions (and corrections) that call for a letter (RULES §6): the letters workflow must hold one each. */
  letterWorthyDecisions: number;
  letters: number;
  checkpoint: string;
  /** Each a sentence; empty when the read model, the log and the law agree. */
  discrepancies: string[];
}

const DECISIONS: ReadonlySet<string> = new Set(DECISION_TYPES);
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The independent oracle of the crash and concurrency suites: everything is recomputed from the log
 * alone, with the domain's pure functions, and compared with what the read model holds.
 *
 * - The log itself: each command's events are its own ids (eventIdFor(commandId, 0…n-1)) and
 *   nothing else, i.e. no command appended twice; no decision is recorded twice on a stream without
 *   a reversal in between (the daily run, killed and run again, decided nothing twice).
 * - Each licence row: its facts are exactly the log's facts (an event applied twice would add a
 *   fact twice), its timeline is computeTimeline(buildLicenceFile(facts)), its recorded decisions are
 *   the log's, its version and last position are the stream's, its balance on `today` is the one
 *   the law computes, and its infractions rows are the file's.
 * - The letters: exactly one per decision (or correction) that calls for one (letterFor, RULES §6)
 *   and still stood at the end of its business day, that day being over on `today` (a decision and
 *   its reversal recorded the same day call for none), keyed by the id derived from its causing
 *   event, of the reference the law says; none other. Each LetterIssued's id derives from its cause.
 * - The whole read model (licences and letters) equals, row for row and byte for byte, a rebuild
 *   from zero of the same log, and every checkpoint is the head of the log.
 */
export async function verifyReadModelAgainstLog(options: {
  eventStorePath: string;
  readModelPath: string;
  today: CalendarDate;
}): Promise<OracleReport> {
  const discrepancies: string[] = [];
  const fail = (message: string) => {
    if (discrepancies.length < 50) discrepancies.push(message);
  };
  const store = openLedgerEventStore(options.eventStorePath);
  const live = ReadModelDatabase.open(options.readModelPath, [
    new LicenceProjection(),
    new LettersProjection(),
  ]);
  try {
    const head = await store.headPosition();

    // The log, read page by page and folded as it goes (memory grows with the licences and the
    // commands, not with the events: 200 worker kills leave a log of some 300,000 events).
    const byCommand = new Map<string, CommandAppend>();
    const byStream = new Map<string, StreamFold>();
    let events = 0;
    let decisions = 0;
    const expectedLetters = new Map<
      string,
      { licenceNumber: string | null; reference: string; eventId: string }
    >();
    const decidedOn = new Map<string, CalendarDate>();
    const reversedOn = new Map<string, CalendarDate[]>();
    /** The decisions that call for a letter, kept lean until the whole log has said which were reversed the same day. */
    const lettered: Array<{ event: RecordedEvent; reference: string }> = [];
    for await (const event of readLog(store)) {
      events += 1;
      if (event.type === LETTER_ISSUED) {
        if (event.eventId !== letterIssuedEventId(event.metadata.causationId))
          fail(
            `LetterIssued ${event.eventId} does not bear the id derived from its cause ${event.metadata.causationId}`,
          );
        continue; // the workflow's output, not a command's: checked through the read model below
      }
      checkCommandAppend(byCommand, event, fail);
      foldIntoStream(byStream, event, fail);
      const day = issuedOnOf(event.metadata);
      if (DECISIONS.has(event.type)) decidedOn.set((event.data as { decisionId: string }).decisionId, day);
      if (event.type === 'DecisionReversed') {
        const reversed = (event.data as DecisionReversed['data']).reversedDecisionId;
        reversedOn.set(reversed, [...(reversedOn.get(reversed) ?? []), day]);
      }
      if (DECISIONS.has(event.type) || event.type === 'DecisionReversed') {
        decisions += 1;
        const reference = letterFor({ type: event.type, data: event.data } as
          LicenceDecision | DecisionReversed);
        if (reference !== null) lettered.push({ event, reference });
      }
    }
    /** RULES §6: the day is over, and the decision was not reversed that day (nor is it the reversal of one of that day's). */
    function calledForOnDayOver(event: RecordedEvent): boolean {
      const day = issuedOnOf(event.metadata);
      if (day >= options.today) return false;
      if (event.type === 'DecisionReversed')
        return decidedOn.get((event.data as DecisionReversed['data']).reversedDecisionId) !== day;
      return !(reversedOn.get((event.data as { decisionId: string }).decisionId) ?? []).includes(day);
    }
    for (const { event, reference } of lettered) {
      if (calledForOnDayOver(event)) {
        expectedLetters.set(letterIdFor(event.eventId), {
          licenceNumber: licenceNumberOfStream(event.streamId),
          reference,
          eventId: event.eventId,
        });
      }
    }

    const oracle = new Map<string, { state: LicenceState; file: LicenceFile; last: LastEvent }>();
    for (const [streamId, { state, last }] of byStream) {
      const number = licenceNumberOfStream(streamId);
      if (number === null) continue;
      const file = buildLicenceFile(state.facts);
      if (file) oracle.set(number, { state, file, last });
    }

    // The read model against the oracle.
    const checkpoint = live.checkpoint('licences');
    if (checkpoint !== head) fail(`the licence read model is at ${checkpoint}, the log at ${head}`);
    const rows = live.db.prepare('SELECT * FROM licences ORDER BY licence_number').all() as LicenceRow[];
    const rowsByNumber = new Map(rows.map((row) => [row.licence_number, row]));
    for (const row of rows)
      if (!oracle.has(row.licence_number))
        fail(`licence ${row.licence_number} is in the read model but not in the log`);
    const infractionsOf = live.db.prepare(
      'SELECT * FROM infractions WHERE licence_number = ? ORDER BY infraction_id',
    );
    for (const [number, { state, file, last }] of oracle) {
      const row = rowsByNumber.get(number);
      if (!row) {
        fail(`licence ${number} is in the log but missing from the read model`);
        continue;
      }
      if (!isDeepStrictEqual(JSON.parse(row.facts), json(canonicalize(state.facts))))
        fail(`licence ${number}: facts differ from the log's`);
      const timeline = computeTimeline(file);
      const storedTimeline = JSON.parse(row.timeline) as LicenceDecision[];
      if (!isDeepStrictEqual(storedTimeline, json(timeline)))
        fail(`licence ${number}: timeline differs from the law's`);
      if (!isDeepStrictEqual(JSON.parse(row.recorded_ids), [...state.recorded.keys()].sort()))
        fail(`licence ${number}: recorded decisions differ from the log's`);
      if (row.stream_version !== last.streamVersion.toString())
        fail(`licence ${number}: version ${row.stream_version}, log ${last.streamVersion}`);
      if (row.last_position !== last.globalPosition.toString())
        fail(`licence ${number}: last position ${row.last_position}, log ${last.globalPosition}`);
      const expected = situationOf(file, options.today);
      const stored = situationFrom(JSON.parse(row.file) as LicenceFile, storedTimeline, options.today);
      const balance = (s: typeof expected) => ({
        points: s.points,
        rawPoints: s.rawPoints,
        capital: s.capital,
        status: s.status,
        invalidatedOn: s.invalidatedOn,
      });
      if (!isDeepStrictEqual(balance(stored), balance(expected))) {
        fail(
          `licence ${number}: balance on ${options.today} ${JSON.stringify(balance(stored))}, the law says ${JSON.stringify(balance(expected))}`,
        );
      }
      const infractions = (infractionsOf.all(number) as object[]).map((row) => canonicalJson(row));
      const expectedInfractions = file.infractions
        .map((infraction) => canonicalJson(infractionRow(number, infraction)))
        .sort((a, b) => (JSON.parse(a).infraction_id < JSON.parse(b).infraction_id ? -1 : 1));
      const differing = infractions.findIndex((row, index) => row !== expectedInfractions[index]);
      if (differing >= 0 || infractions.length !== expectedInfractions.length) {
        fail(
          `licence ${number}: infraction rows differ from the file's: ${infractions[differing]} vs ${expectedInfractions[differing]}`,
        );
      }
    }

    // The letters: one per letter-worthy decision, none other.
    const lettersCheckpoint = live.checkpoint('letters');
    if (lettersCheckpoint !== head)
      fail(`the letters read model is at ${lettersCheckpoint}, the log at ${head}`);
    const letters = live.db
      .prepare('SELECT letter_id, licence_number, reference, caused_by_event_id FROM letters')
      .all() as {
      letter_id: string;
      licence_number: string;
      reference: string;
      caused_by_event_id: string;
    }[];
    const causes = new Set<string>();
    for (const letter of letters) {
      const expected = expectedLetters.get(letter.letter_id);
      if (causes.has(letter.caused_by_event_id))
        fail(`event ${letter.caused_by_event_id} caused two letters`);
      causes.add(letter.caused_by_event_id);
      if (!expected)
        fail(`letter ${letter.letter_id} (${letter.reference}) answers no letter-worthy decision of the log`);
      else if (
        expected.reference !== letter.reference ||
        expected.licenceNumber !== letter.licence_number ||
        expected.eventId !== letter.caused_by_event_id
      ) {
        fail(
          `letter ${letter.letter_id}: ${letter.reference} to ${letter.licence_number}, the law says ${expected.reference} to ${expected.licenceNumber}`,
        );
      }
    }
    const issued = new Set(letters.map((letter) => letter.letter_id));
    for (const [letterId, expected] of expectedLetters) {
      if (!issued.has(letterId))
        fail(
          `no letter ${expected.reference} for event ${expected.eventId} of licence ${expected.licenceNumber}`,
        );
    }

    // A rebuild from zero of the same log, into a file beside the live one (the letters' texts of a
    // long run do not belong in memory), compared row by row without loading either table.
    const projections = [new LicenceProjection(), new LettersProjection()];
    const rebuiltPath = `${options.readModelPath}.oracle-rebuild`;
    const rebuilt = ReadModelDatabase.open(rebuiltPath, projections);
    try {
      const rebuilder = new ReadModelRebuilder(store, rebuilt, projections);
      for (const projection of projections) {
        await rebuilder.rebuild(projection.name);
        for (const table of projection.tables) compareTable(live, rebuilt, table, fail);
      }
    } finally {
      rebuilt.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${rebuiltPath}${suffix}`, { force: true });
    }

    return {
      head: head.toString(),
      events,
      licences: oracle.size,
      commands: byCommand.size,
      decisions,
      letterWorthyDecisions: expectedLetters.size,
      letters: letters.length,
      checkpoint: checkpoint.toString(),
      discrepancies,
    };
  } finally {
    live.close();
    await store.close();
  }
}

type Fail = (message: string) => void;

/** What the oracle keeps of a stream's last event. */
type LastEvent = Pick<RecordedEvent, 'streamVersion' | 'globalPosition'>;

/** One command's events so far: all on one stream, with the ids of one append of it. */
interface CommandAppend {
  streamId: string;
  count: number;
}

/** One stream folded so far with the domain's evolve. */
interface StreamFold {
  state: LicenceState;
  last: LastEvent;
}

const LOG_PAGE = 5_000;

async function* readLog(store: EventStore): AsyncGenerator<RecordedEvent> {
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: LOG_PAGE });
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1].globalPosition;
  }
}

/** A command's events are exactly its own ids, eventIdFor(commandId, 0…n−1): appended once, on one stream. */
function checkCommandAppend(byCommand: Map<string, CommandAppend>, event: RecordedEvent, fail: Fail): void {
  const commandId = event.metadata.commandId;
  const seen = byCommand.get(commandId) ?? { streamId: event.streamId, count: 0 };
  if (event.eventId !== eventIdFor(commandId, seen.count))
    fail(`command ${commandId}: its events are not exactly one append of it (event ${seen.count + 1})`);
  if (event.streamId !== seen.streamId) fail(`command ${commandId} appended to several streams`);
  seen.count += 1;
  byCommand.set(commandId, seen);
}

/** Folds the event into its stream's state; a decision already recorded on the stream is a discrepancy. */
function foldIntoStream(byStream: Map<string, StreamFold>, event: RecordedEvent, fail: Fail): void {
  const fold = byStream.get(event.streamId) ?? { state: initialState(), last: event };
  if (DECISIONS.has(event.type)) {
    const id = (event.data as LicenceDecision['data']).decisionId;
    if (fold.state.recorded.has(id))
      fail(`${event.streamId}: decision ${id} recorded twice (position ${event.globalPosition})`);
  }
  fold.state = evolve(fold.state, { type: event.type, data: event.data } as LicenceEvent);
  fold.last = { streamVersion: event.streamVersion, globalPosition: event.globalPosition };
  byStream.set(event.streamId, fold);
}

/** The same table of two read-model databases, row by row in primary-key order, as canonical JSON. */
function compareTable(
  live: ReadModelDatabase,
  rebuilt: ReadModelDatabase,
  table: { name: string; primaryKey: readonly string[] },
  fail: Fail,
): void {
  const select = `SELECT * FROM ${table.name} ORDER BY ${table.primaryKey.join(', ')}`;
  const liveRows = live.db.prepare(select).iterate() as IterableIterator<object>;
  const rebuiltRows = rebuilt.db.prepare(select).iterate() as IterableIterator<object>;
  let differing = -1;
  for (let row = 0; ; row++) {
    const a = liveRows.next();
    const b = rebuiltRows.next();
    if (a.done || b.done) {
      const liveCount = row + (a.done ? 0 : 1 + countRest(liveRows));
      const rebuiltCount = row + (b.done ? 0 : 1 + countRest(rebuiltRows));
      if (liveCount !== rebuiltCount)
        fail(`table ${table.name}: ${liveCount} live rows, ${rebuiltCount} rebuilt from zero`);
      else if (differing >= 0)
        fail(`table ${table.name}: row ${differing} differs from the rebuild from zero`);
      return;
    }
    if (differing < 0 && canonicalJson(a.value) !== canonicalJson(b.value)) differing = row;
  }
}

function countRest(rows: IterableIterator<object>): number {
  let count = 0;
  while (!rows.next().done) count += 1;
  return count;
}

/** The stored checkpoints, read without taking any lock a running worker needs. */
export function readCheckpoints(readModelPath: string): Record<string, bigint> {
  let db: Database.Database;
  try {
    db = new Database(readModelPath, { readonly: true, fileMustExist: true });
  } catch {
    return {};
  }
  try {
    const rows = db.prepare('SELECT processor, position FROM checkpoints').all() as {
      processor: string;
      position: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.processor, BigInt(row.position)]));
  } catch {
    return {}; // the worker has not created its tables yet
  } finally {
    db.close();
  }
}

/** The events of the log by commandId: how many each command appended. */
export function eventsByCommand(eventStorePath: string): Map<string, number> {
  const db = new Database(eventStorePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        "SELECT json_extract(metadata, '$.commandId') AS command_id, count(*) AS n FROM events GROUP BY command_id",
      )
      .all() as { command_id: string; n: number }[];
    return new Map(rows.map((row) => [row.command_id, row.n]));
  } finally {
    db.close();
  }
}

export function headOf(eventStorePath: string): bigint {
  const db = new Database(eventStorePath, { readonly: true, fileMustExist: true });
  try {
    db.defaultSafeIntegers(true);
    return (
      db.prepare('SELECT coalesce(max(global_position), 0) AS head FROM events').get() as { head: bigint }
    ).head;
  } finally {
    db.close();
  }
}

/** The read models whose checkpoints must reach the head: the licences and the letters workflow. */
export const PROCESSORS = ['licences', 'letters'] as const;

/** True once every processor's stored checkpoint is at or beyond `position`. */
export function readModelsReached(readModelPath: string, position: bigint): boolean {
  const checkpoints = readCheckpoints(readModelPath);
  return PROCESSORS.every((name) => (checkpoints[name] ?? 0n) >= position);
}
