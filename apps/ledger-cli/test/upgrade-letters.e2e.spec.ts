import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, positionToString } from '@ledger/event-store';
import { renderLetterPdf } from '@ledger/letters';
import { PgReadModelDatabase, ReadModelDatabase } from '@ledger/read-models';
import {
  LETTERS_TABLE,
  LettersWorkflow,
  lettersOfStream,
  PG_LETTERS_TABLE,
  PgLetterQueries,
  SqliteLetterQueries,
  type LetterRow,
} from '@ledger/read-models/letters';
import {
  AFTER_EVERY_DAY,
  memoryCheckpoints,
} from '../../../libs/read-models/test/letters/issued-letters-log';
import { LETTER_STORIES } from '../../../libs/read-models/test/letters/letter-stories';
import {
  createThrowAwayDatabase,
  describeWithPostgres,
  type ThrowAwayDatabase,
} from '../../../libs/read-models/test/pg-test-database';
import { upgradeLetters } from '../src/upgrade-letters';

// `ledger-cli upgrade-letters` (CONVENTIONS 7): a ledger written before LetterIssued kept its letters
// only in the read model. The upgrade records each of them in the log with exactly the content a
// holder downloads today (the PDF bytes before and after are equal), and run twice appends nothing.

const TODAY = '2026-12-06';

/**
 * The letters read model as the previous version left it: one row per letter, composed from the
 * licence stream up to its causing event (the same composition the workflow now records), keyed by
 * the causing event, numbered per licence, the projection's checkpoint at the head of the log.
 */
async function previousVersionRows(store: SqliteEventStore): Promise<LetterRow[]> {
  const events = await store.readAll({ after: 0n });
  const rows: LetterRow[] = [];
  for (const streamId of new Set(events.map((event) => event.streamId))) {
    const { events: stream } = await store.readStream(streamId);
    let sequence = 0;
    for (const { event, verdict } of lettersOfStream(stream, () => true)) {
      if (verdict.kind !== 'ISSUE') continue;
      const { letter } = verdict.data;
      rows.push({
        letter_id: letter.letterId,
        licence_number: letter.licenceNumber,
        licence_sequence: ++sequence,
        reference: letter.reference,
        channel: letter.channel,
        issued_on: letter.issuedOn,
        caused_by_event_id: event.eventId,
        caused_by_type: event.type,
        content: JSON.stringify(letter),
        text: letter.lines.join('\n'),
        global_position: positionToString(event.globalPosition),
      });
    }
  }
  return rows;
}

async function previousVersionReadModel(store: SqliteEventStore, path: string): Promise<LetterRow[]> {
  const rows = await previousVersionRows(store);
  const head = await store.headPosition();
  const database = ReadModelDatabase.open(path);
  database.db.exec(`CREATE TABLE letters (${LETTERS_TABLE.columns}) ${LETTERS_TABLE.options ?? ''}`);
  const insert = database.db.prepare(
    `INSERT INTO letters VALUES (@letter_id, @licence_number, @licence_sequence, @reference, @channel, @issued_on,
       @caused_by_event_id, @caused_by_type, @content, @text, @global_position)`,
  );
  database.transaction(() => {
    for (const row of rows) insert.run(row);
    database.writeCheckpoint('letters', head);
  });
  database.close();
  return rows;
}

describe('ledger-cli upgrade-letters', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-upgrade-'));
    env = { EVENT_STORE_PATH: join(dir, 'events.sqlite'), READ_MODEL_PATH: join(dir, 'read-model.sqlite') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records each letter of the old read model as a LetterIssued with the very PDF a holder downloads, once', async () => {
    const store = new SqliteEventStore(env.EVENT_STORE_PATH!);
    try {
      const numbers = new Set<string>();
      for (const scenario of LETTER_STORIES.map((story) => story.scenario())) {
        if (numbers.has(scenario.licenceNumber)) continue;
        numbers.add(scenario.licenceNumber);
        await scenario.appendTo(store);
      }
      const oldRows = await previousVersionReadModel(store, env.READ_MODEL_PATH!);
      expect(oldRows.length).toBeGreaterThan(10);
      const before = new Map<string, Buffer>();
      for (const row of oldRows) before.set(row.letter_id, await renderLetterPdf(JSON.parse(row.content)));
      const head = await store.headPosition();

      const first = await upgradeLetters(store, { today: TODAY, quiet: true, env });
      expect(first).toMatchObject({ letters: oldRows.length, appended: oldRows.length, alreadyRecorded: 0 });
      // The workflow goes on after what the old letters read model had covered: here, the whole log.
      expect(first.workflowCheckpoint).toBe(head.toString());
      expect(await store.headPosition()).toBe(head + BigInt(oldRows.length));
      const second = await upgradeLetters(store, { today: TODAY, quiet: true, env });
      expect(second).toMatchObject({ letters: oldRows.length, appended: 0, alreadyRecorded: oldRows.length });
      expect(await store.headPosition()).toBe(head + BigInt(oldRows.length));

      // What a holder downloads after the upgrade: the same bytes, from the record in the log.
      const database = ReadModelDatabase.open(env.READ_MODEL_PATH!);
      try {
        const queries = new SqliteLetterQueries(database);
        for (const row of oldRows) {
          const stored = await queries.findLetter(row.letter_id);
          expect(stored?.text).toBe(row.text);
          expect((await renderLetterPdf(stored!.letter)).equals(before.get(row.letter_id)!)).toBe(true);
        }
        for (const number of numbers) expect(await queries.holderOf(number)).not.toBeNull();
      } finally {
        database.close();
      }

      // The workflow, meeting the same decisions again, finds every letter recorded.
      const pass = await new LettersWorkflow(store, memoryCheckpoints(), {
        today: () => AFTER_EVERY_DAY,
      }).runOnce();
      expect(pass).toMatchObject({ issued: 0, alreadyIssued: oldRows.length });
    } finally {
      await store.close();
    }
  });

  it('finds nothing to do on a ledger with no letters read model', async () => {
    const store = new SqliteEventStore(env.EVENT_STORE_PATH!);
    try {
      expect(await upgradeLetters(store, { today: TODAY, quiet: true, env })).toMatchObject({
        letters: 0,
        appended: 0,
        alreadyRecorded: 0,
      });
    } finally {
      await store.close();
    }
  });
});

describeWithPostgres('ledger-cli upgrade-letters on PostgreSQL read models', () => {
  let database: ThrowAwayDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await createThrowAwayDatabase();
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-upgrade-pg-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the old rows of the PostgreSQL letters table, the same PDFs after, and starts the workflow after them', async () => {
    const env = {
      EVENT_STORE_PATH: join(dir, 'events.sqlite'),
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: 'upgrade',
    };
    const store = new SqliteEventStore(env.EVENT_STORE_PATH);
    try {
      for (const scenario of [LETTER_STORIES[0].scenario(), LETTER_STORIES[1].scenario()])
        await scenario.appendTo(store);
      const rows = await previousVersionRows(store);
      const head = await store.headPosition();
      const old = await PgReadModelDatabase.open(database.url, [], { schema: 'upgrade' });
      try {
        await old.pool.query(`CREATE TABLE ${old.qualified('letters')} (${PG_LETTERS_TABLE.columns})`);
        for (const row of rows)
          await old.pool.query(
            `INSERT INTO ${old.qualified('letters')} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [
              row.letter_id,
              row.licence_number,
              row.licence_sequence,
              row.reference,
              row.channel,
              row.issued_on,
              row.caused_by_event_id,
              row.caused_by_type,
              row.content,
              row.text,
              row.global_position,
            ],
          );
        await old.pool.query(`INSERT INTO ${old.checkpoints} (processor, position) VALUES ('letters', $1)`, [
          head.toString(),
        ]);
      } finally {
        await old.close();
      }

      const first = await upgradeLetters(store, { today: TODAY, quiet: true, env });
      expect(first).toMatchObject({
        letters: rows.length,
        appended: rows.length,
        workflowCheckpoint: head.toString(),
      });
      expect((await upgradeLetters(store, { today: TODAY, quiet: true, env })).appended).toBe(0);

      const upgraded = await PgReadModelDatabase.open(database.url, [], { schema: 'upgrade' });
      try {
        const queries = new PgLetterQueries(upgraded);
        for (const row of rows) {
          const stored = await queries.findLetter(row.letter_id);
          expect(
            (await renderLetterPdf(stored!.letter)).equals(await renderLetterPdf(JSON.parse(row.content))),
          ).toBe(true);
        }
      } finally {
        await upgraded.close();
      }
    } finally {
      await store.close();
    }
  });
});
