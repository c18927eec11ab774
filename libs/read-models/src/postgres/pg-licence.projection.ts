import type { RecordedEvent } from '@ledger/event-store';
import {
  groupByStream,
  heldLicenceEvents,
  licenceNumberOfStream,
  LicenceRowsComputer,
  type LicenceChange,
  type LicenceRowState,
} from '../licences/licence-rows';
import type { InfractionRow, LicenceRow } from '../licences/licence-tables';
import { LICENCE_PROJECTION, type LicenceProjectionOptions } from '../licences/licence.projection';
import { insertRows } from './pg-insert-rows';
import type { PgBulkApply, PgProjection, PgReadModelTx } from './pg-projection';
import { PG_INFRACTIONS_TABLE, PG_LICENCES_TABLE } from './pg-licence-tables';

/** Licences loaded, computed and written per statement. */
const LICENCES_PER_STATEMENT = 500;

interface StreamWork {
  streamId: string;
  licenceNumber: string;
  key: string;
  events: readonly RecordedEvent[];
}

type RecordedChange = Extract<LicenceChange, { kind: 'recorded' }>;
type FactsChange = Extract<LicenceChange, { kind: 'facts' }>;

const LICENCE_COLUMNS = [
  'licence_number',
  'stream_id',
  'stream_version',
  'issued_on',
  'holder',
  'facts',
  'file',
  'timeline',
  'recorded_ids',
  'next_decision_on',
  'last_position',
] as const satisfies readonly (keyof LicenceRow)[];

const INFRACTION_COLUMNS = [
  'licence_number',
  'infraction_id',
  'offence_code',
  'offence_class',
  'committed_on',
  'check_id',
  'status',
  'established_on',
  'established_by',
  'points_withdrawn',
] as const satisfies readonly (keyof InfractionRow)[];

/**
 * Licences and their infractions in PostgreSQL: the same rows as the SQLite LicenceProjection,
 * computed by the same LicenceRowsComputer; only the reading and writing differ. A batch costs a
 * fixed number of round trips whatever its size: one to check the remembered rows' positions, one
 * to read the rows not remembered, and one multi-row statement per kind of write.
 */
export class PgLicenceProjection implements PgProjection {
  readonly name = LICENCE_PROJECTION;
  readonly tables = [PG_LICENCES_TABLE, PG_INFRACTIONS_TABLE];
  private readonly rows: LicenceRowsComputer;
  private readonly bulkEvents: number;

  constructor(options: LicenceProjectionOptions = {}) {
    this.rows = new LicenceRowsComputer(options.memoSize ?? 10_000);
    // Held without their metadata (heldEvent), as on SQLite: 250,000 whole events took a CLI rebuild
    // past its 160 MB heap ceiling. 20,000 as on SQLite: a 92,000-event rebuild under the ceiling ran
    // at about 17,000 events/s against 11,000–13,500 with 50,000 (garbage collection 37 % of its profile).
    this.bulkEvents = options.bulkEvents ?? 20_000;
  }

  async apply(batch: readonly RecordedEvent[], tx: PgReadModelTx): Promise<void> {
    await this.applyStreams(groupByStream(batch), tx);
  }

  /** For a rebuild, as LicenceProjection.bulk: each licence computed once per `bulkEvents` events. */
  bulk(): PgBulkApply {
    const byStream = new Map<string, RecordedEvent[]>();
    let held = 0;
    const flush = async (tx: PgReadModelTx) => {
      await this.applyStreams(byStream, tx);
      byStream.clear();
      held = 0;
    };
    return {
      add: async (batch, tx) => {
        const events = heldLicenceEvents(batch);
        groupByStream(events, byStream);
        held += events.length;
        if (held >= this.bulkEvents) await flush(tx);
      },
      flush,
    };
  }

  private async applyStreams(
    byStream: ReadonlyMap<string, RecordedEvent[]>,
    tx: PgReadModelTx,
  ): Promise<void> {
    const licences = tx.table('licences');
    const work: StreamWork[] = [];
    for (const [streamId, events] of byStream) {
      const licenceNumber = licenceNumberOfStream(streamId);
      if (licenceNumber === null) continue; // not a licence stream
      work.push({ streamId, licenceNumber, key: this.rows.key(licences, licenceNumber), events });
    }
    // Licences a few hundred at a time: the rows of one chunk (about 2 KB each, and again escaped
    // into the statement's array parameters) are all that is held, not those of a whole bulk flush
    // (the child's peak RSS 222 MB with 500 per statement, 239 MB with 2,000, same rate within noise).
    for (let from = 0; from < work.length; from += LICENCES_PER_STATEMENT)
      await this.applyWork(work.slice(from, from + LICENCES_PER_STATEMENT), tx);
  }

  private async applyWork(work: readonly StreamWork[], tx: PgReadModelTx): Promise<void> {
    const current = await this.load(work, tx);
    const recorded: RecordedChange[] = [];
    const facts: FactsChange[] = [];
    for (const { streamId, licenceNumber, key, events } of work) {
      const change = this.rows.change(key, streamId, licenceNumber, events, current.get(licenceNumber));
      if (change?.kind === 'recorded') recorded.push(change);
      else if (change?.kind === 'facts') facts.push(change);
    }
    await writeFacts(facts, tx);
    await writeRecorded(recorded, tx);
  }

  /**
   * The rows of the batch's licences, by number (absent: no row yet): the remembered state where the
   * row is still at its position, the row itself otherwise.
   */
  private async load(work: readonly StreamWork[], tx: PgReadModelTx): Promise<Map<string, LicenceRowState>> {
    const licences = tx.table('licences');
    const states = new Map<string, LicenceRowState>();
    const toRead: string[] = [];
    const remembered = work.filter(({ key }) => this.rows.remembered(key) !== undefined);
    for (const { key, licenceNumber } of work)
      if (this.rows.remembered(key) === undefined) toRead.push(licenceNumber);
    if (remembered.length > 0) {
      const { rows } = await tx.client.query<{ licence_number: string; last_position: string }>(
        `SELECT licence_number, last_position FROM ${licences} WHERE licence_number = ANY($1::text[])`,
        [remembered.map(({ licenceNumber }) => licenceNumber)],
      );
      const stored = new Map(rows.map((row) => [row.licence_number, row.last_position]));
      for (const { key, licenceNumber } of remembered) {
        const state = this.rows.remembered(key)!;
        const position = stored.get(licenceNumber);
        if (position === state.lastPosition) {
          states.set(licenceNumber, state);
          continue;
        }
        this.rows.forget(key);
        if (position !== undefined) toRead.push(licenceNumber);
      }
    }
    if (toRead.length > 0) {
      const { rows } = await tx.client.query<LicenceRow>(
        `SELECT licence_number, last_position, issued_on, facts, timeline, recorded_ids FROM ${licences}
         WHERE licence_number = ANY($1::text[])`,
        [toRead],
      );
      for (const row of rows) states.set(row.licence_number, this.rows.stateOfRow(row));
    }
    return states;
  }
}

/** New and recomputed licences, and their changed infractions: one upsert each. */
async function writeFacts(changes: readonly FactsChange[], tx: PgReadModelTx): Promise<void> {
  if (changes.length === 0) return;
  const updateAll = (columns: readonly string[], key: number) =>
    `ON CONFLICT (${columns.slice(0, key).join(', ')}) DO UPDATE SET ${columns
      .slice(key)
      .map((column) => `${column} = excluded.${column}`)
      .join(', ')}`;
  await insertRows(
    tx,
    'licences',
    LICENCE_COLUMNS,
    changes.map(({ row }) => row),
    updateAll(LICENCE_COLUMNS, 1),
  );
  const infractions = changes.flatMap((change) => change.infractions);
  await insertRows(tx, 'infractions', INFRACTION_COLUMNS, infractions, updateAll(INFRACTION_COLUMNS, 2));
}

/** Licences where only decisions or corrections arrived: what the log holds, in one UPDATE. */
async function writeRecorded(changes: readonly RecordedChange[], tx: PgReadModelTx): Promise<void> {
  if (changes.length === 0) return;
  await tx.client.query(
    `UPDATE ${tx.table('licences')} AS l SET stream_version = u.stream_version, recorded_ids = u.recorded_ids,
       next_decision_on = u.next_decision_on, last_position = u.last_position
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       AS u (licence_number, stream_version, recorded_ids, next_decision_on, last_position)
     WHERE l.licence_number = u.licence_number`,
    [
      changes.map((change) => change.licenceNumber),
      changes.map((change) => change.streamVersion),
      changes.map((change) => change.recordedIds),
      changes.map((change) => change.nextDecisionOn),
      changes.map((change) => change.lastPosition),
    ],
  );
}
