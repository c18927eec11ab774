import type { RecordedEvent } from '@ledger/event-store';
import type { BulkApply, Projection, ReadModelTx } from '../processor/projection';
import {
  groupByStream,
  heldLicenceEvents,
  licenceNumberOfStream,
  LicenceRowsComputer,
  type LicenceChange,
  type LicenceRowState,
} from './licence-rows';
import { INFRACTIONS_TABLE, LICENCES_TABLE, type LicenceRow } from './licence-tables';

export const LICENCE_PROJECTION = 'licences';

export interface LicenceProjectionOptions {
  /** Licences kept parsed in memory between batches (least recently used dropped first). Default 10,000. */
  memoSize?: number;
  /**
   * A rebuild holds at most this many events (about 0.3 KB each, their metadata dropped) before
   * writing the licences they touch: the larger, the fewer times a licence whose events are far
   * apart in the log is recomputed, and the more memory the rebuild takes. Default 20,000.
   */
  bulkEvents?: number;
}

/**
 * Licences and their infractions, from the licence streams, in the SQLite read model. What the rows
 * hold is computed by the LicenceRowsComputer (shared with the PostgreSQL projection, so both
 * stores hold the same bytes); this class reads the current rows and writes the computed ones,
 * synchronously, inside the runner's transaction.
 */
export class LicenceProjection implements Projection {
  readonly name = LICENCE_PROJECTION;
  readonly tables = [LICENCES_TABLE, INFRACTIONS_TABLE];
  private readonly rows: LicenceRowsComputer;
  private readonly bulkEvents: number;

  constructor(options: LicenceProjectionOptions = {}) {
    this.rows = new LicenceRowsComputer(options.memoSize ?? 10_000);
    this.bulkEvents = options.bulkEvents ?? 20_000;
  }

  apply(batch: readonly RecordedEvent[], tx: ReadModelTx): void {
    for (const [streamId, events] of groupByStream(batch)) this.applyStream(streamId, events, tx);
  }

  /**
   * For a rebuild: events are gathered per stream over many batches and each licence is computed
   * once per `bulkEvents` events instead of once per batch (a licence's row depends only on its
   * events, not on how they were split).
   */
  bulk(): BulkApply {
    const byStream = new Map<string, RecordedEvent[]>();
    let held = 0;
    const flush = (tx: ReadModelTx) => {
      for (const [streamId, events] of byStream) this.applyStream(streamId, events, tx);
      byStream.clear();
      held = 0;
    };
    return {
      add: (batch, tx) => {
        const events = heldLicenceEvents(batch);
        groupByStream(events, byStream);
        held += events.length;
        if (held >= this.bulkEvents) flush(tx);
      },
      flush,
    };
  }

  private applyStream(streamId: string, events: readonly RecordedEvent[], tx: ReadModelTx): void {
    const licenceNumber = licenceNumberOfStream(streamId);
    if (licenceNumber === null) return; // not a licence stream
    const key = this.rows.key(tx.table('licences'), licenceNumber);
    const change = this.rows.change(key, streamId, licenceNumber, events, this.load(key, licenceNumber, tx));
    if (change !== null) write(change, tx);
  }

  /**
   * The licence as its row holds it, or undefined when there is no row: the remembered state if the
   * row is still at the position it was remembered at, else the row itself.
   */
  private load(key: string, licenceNumber: string, tx: ReadModelTx): LicenceRowState | undefined {
    const licences = tx.table('licences');
    const remembered = this.rows.remembered(key);
    if (remembered) {
      const stored = tx
        .statement<{ last_position: string }>(
          `SELECT last_position FROM ${licences} WHERE licence_number = ?`,
        )
        .get(licenceNumber);
      if (stored?.last_position === remembered.lastPosition) return remembered;
      this.rows.forget(key);
      if (!stored) return undefined;
    }
    const row = tx
      .statement<LicenceRow>(`SELECT * FROM ${licences} WHERE licence_number = ?`)
      .get(licenceNumber);
    return row ? this.rows.stateOfRow(row) : undefined;
  }
}

function write(change: LicenceChange, tx: ReadModelTx): void {
  const licences = tx.table('licences');
  if (change.kind === 'recorded') {
    tx.statement(
      `UPDATE ${licences} SET stream_version = ?, recorded_ids = ?, next_decision_on = ?, last_position = ? WHERE licence_number = ?`,
    ).run(
      change.streamVersion,
      change.recordedIds,
      change.nextDecisionOn,
      change.lastPosition,
      change.licenceNumber,
    );
    return;
  }
  tx.statement(
    change.isNew
      ? `INSERT INTO ${licences} (licence_number, stream_id, stream_version, issued_on, holder, facts, file, timeline, recorded_ids, next_decision_on, last_position)
         VALUES (@licence_number, @stream_id, @stream_version, @issued_on, @holder, @facts, @file, @timeline, @recorded_ids, @next_decision_on, @last_position)`
      : `UPDATE ${licences} SET stream_id = @stream_id, stream_version = @stream_version, issued_on = @issued_on, holder = @holder,
           facts = @facts, file = @file, timeline = @timeline, recorded_ids = @recorded_ids,
           next_decision_on = @next_decision_on, last_position = @last_position
         WHERE licence_number = @licence_number`,
  ).run(change.row);
  if (change.infractions.length === 0) return;
  const upsertInfraction = tx.statement(
    `INSERT INTO ${tx.table('infractions')} (licence_number, infraction_id, offence_code, offence_class, committed_on, check_id, status, established_on, established_by, points_withdrawn)
     VALUES (@licence_number, @infraction_id, @offence_code, @offence_class, @committed_on, @check_id, @status, @established_on, @established_by, @points_withdrawn)
     ON CONFLICT (licence_number, infraction_id) DO UPDATE SET
       offence_code = excluded.offence_code, offence_class = excluded.offence_class, committed_on = excluded.committed_on,
       check_id = excluded.check_id, status = excluded.status, established_on = excluded.established_on,
       established_by = excluded.established_by, points_withdrawn = excluded.points_withdrawn`,
  );
  for (const row of change.infractions) upsertInfraction.run(row);
}
