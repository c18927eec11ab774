import { Logger } from '@nestjs/common';
import {
  buildLicenceFile,
  computeTimeline,
  DECISION_TYPES,
  FACT_TYPES,
  isCanonicalLicenceNumber,
  licenceStreamId,
  type CalendarDate,
  type DecisionReversed,
  type InfractionView,
  type LicenceDecision,
  type LicenceFact,
  type LicenceFile,
  type LicenceIssued,
} from '@ledger/domain';
import { parsePosition, positionToString, type RecordedEvent } from '@ledger/event-store';
import type { BulkApply, Projection, ReadModelTx } from '../processor/projection';
import { canonicalize } from '../sqlite/canonical-json';
import {
  INFRACTIONS_TABLE,
  LICENCES_TABLE,
  type InfractionRow,
  type InfractionStatus,
  type LicenceRow,
} from './licence-tables';

export const LICENCE_PROJECTION = 'licences';

const FACTS: ReadonlySet<string> = new Set(FACT_TYPES);
const DECISIONS: ReadonlySet<string> = new Set(DECISION_TYPES);
const STREAM_PREFIX = licenceStreamId('');

/**
 * The licence number a licence stream belongs to, or null for any other stream. Exact inverse of
 * `licenceStreamId`: canonical numbers hold no '_', so the spaces it replaced come back unambiguously.
 */
export function licenceNumberOfStream(streamId: string): string | null {
  if (!streamId.startsWith(STREAM_PREFIX)) return null;
  const number = streamId.slice(STREAM_PREFIX.length).replace(/_/g, ' ');
  return isCanonicalLicenceNumber(number) && licenceStreamId(number) === streamId ? number : null;
}

/**
 * The first date on which the log lacks something the timeline holds: the daily run's index.
 * Normally the earliest timeline decision not recorded yet (null once none is left). A recorded
 * decision the timeline no longer holds (possible only when facts were recorded "as of" a day
 * before decisions already appended, e.g. LEDGER_TODAY moved back) awaits its correction: the
 * licence is then due at once (its issue date), since the finder may return too many, never too few.
 */
export function nextDecisionOn(
  timeline: readonly LicenceDecision[],
  recorded: ReadonlySet<string>,
  issuedOn: CalendarDate,
): CalendarDate | null {
  let next: CalendarDate | null = null;
  const inTimeline = new Set<string>();
  for (const decision of timeline) {
    inTimeline.add(decision.data.decisionId);
    if (!recorded.has(decision.data.decisionId) && (next === null || decision.data.effectiveOn < next)) {
      next = decision.data.effectiveOn;
    }
  }
  for (const id of recorded) if (!inTimeline.has(id)) return issuedOn;
  return next;
}

const statusOf = (infraction: InfractionView): InfractionStatus =>
  infraction.cancelledOn !== undefined
    ? 'CANCELLED'
    : infraction.establishedOn !== undefined
      ? 'ESTABLISHED'
      : 'RECORDED';

export function infractionRow(licenceNumber: string, infraction: InfractionView): InfractionRow {
  return {
    licence_number: licenceNumber,
    infraction_id: infraction.infractionId,
    offence_code: infraction.offenceCode,
    offence_class: String(infraction.offenceClass),
    committed_on: infraction.committedOn,
    check_id: infraction.checkId ?? null,
    status: statusOf(infraction),
    established_on: infraction.establishedOn ?? null,
    established_by: infraction.establishedBy ?? null,
    points_withdrawn: infraction.withdrawn,
  };
}

/** What the projection remembers of a licence it wrote, to spare the next batch parsing the row. */
interface LicenceMemo {
  lastPosition: string;
  issuedOn: CalendarDate;
  /** Canonical JSON of the facts, as stored. */
  factsJson: string;
  /** Parsed from factsJson (canonical key order), when needed once. */
  facts?: LicenceFact[];
  timeline: LicenceDecision[];
  recorded: ReadonlySet<string>;
  /** Each infraction row as last written, when this memo wrote them: unchanged ones are not written again. */
  infractions?: ReadonlyMap<string, InfractionRow>;
}

export interface LicenceProjectionOptions {
  /** Licences kept parsed in memory between batches (least recently used dropped first). Default 10,000. */
  memoSize?: number;
  /**
   * A rebuild holds at most this many events (about 0.5 KB each) before writing the licences they
   * touch: the larger, the fewer times a licence is recomputed. Default 250,000.
   */
  bulkEvents?: number;
}

/**
 * Licences and their infractions, from the licence streams. Each licence touched by a batch is
 * recomputed once for the whole batch, and only when a fact arrived: decisions and corrections
 * only change what the log holds (recorded ids, next decision date), which needs no timeline run.
 * Events at or below the row's own last position are skipped as well as the runner's checkpoint,
 * so a row cannot take the same event twice.
 *
 * Determinism (a rebuild writes the same bytes): facts are stored as canonical JSON (sorted keys)
 * and the file and timeline are always computed from facts in that canonical form, so their
 * JSON.stringify (the domain builds them in a fixed key order) is the same whichever batches
 * brought the facts. Nothing depends on the clock or on batch boundaries.
 */
export class LicenceProjection implements Projection {
  readonly name = LICENCE_PROJECTION;
  readonly tables = [LICENCES_TABLE, INFRACTIONS_TABLE];
  private readonly logger = new Logger('LicenceProjection');
  private readonly memo = new Map<string, LicenceMemo>();
  private readonly memoSize: number;

  private readonly bulkEvents: number;

  constructor(options: LicenceProjectionOptions = {}) {
    this.memoSize = options.memoSize ?? 10_000;
    this.bulkEvents = options.bulkEvents ?? 250_000;
  }

  apply(batch: readonly RecordedEvent[], tx: ReadModelTx): void {
    const byStream = new Map<string, RecordedEvent[]>();
    groupByStream(batch, byStream);
    for (const [streamId, events] of byStream) this.applyStream(streamId, events, tx);
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
        groupByStream(batch, byStream);
        held += batch.length;
        if (held >= this.bulkEvents) flush(tx);
      },
      flush,
    };
  }

  private applyStream(streamId: string, events: readonly RecordedEvent[], tx: ReadModelTx): void {
    const licenceNumber = licenceNumberOfStream(streamId);
    if (licenceNumber === null) return; // not a licence stream
    const licences = tx.table('licences');
    const memoKey = `${licences}\u0000${licenceNumber}`;
    const current = this.load(memoKey, licenceNumber, tx);
    const appliedUpTo = current ? parsePosition(current.lastPosition) : 0n;

    let issued = current !== undefined;
    const newFacts: LicenceFact[] = [];
    let recorded: Set<string> | undefined;
    let last: RecordedEvent | undefined;
    for (const event of events) {
      if (event.globalPosition <= appliedUpTo) continue; // already in the row
      if (!issued) {
        if (event.type !== 'LicenceIssued') continue; // nothing can happen to a licence not issued
        const issuedNumber = (event.data as LicenceIssued['data']).licenceNumber;
        if (issuedNumber !== licenceNumber) {
          this.logger.warn(
            `${streamId}: LicenceIssued for ${String(issuedNumber)} ignored (not this stream's licence).`,
          );
          return;
        }
        issued = true;
      }
      last = event;
      if (FACTS.has(event.type)) {
        newFacts.push({ type: event.type, data: event.data } as LicenceFact);
      } else if (DECISIONS.has(event.type)) {
        recorded ??= new Set(current?.recorded);
        recorded.add((event.data as LicenceDecision['data']).decisionId);
      } else if (event.type === 'DecisionReversed') {
        recorded ??= new Set(current?.recorded);
        recorded.delete((event.data as DecisionReversed['data']).reversedDecisionId);
      }
      // Any other type (a later kind of event in this stream) only moves the version below.
    }
    if (last === undefined) return;

    const recordedIds: ReadonlySet<string> = recorded ?? current?.recorded ?? new Set<string>();
    const recordedJson = JSON.stringify([...recordedIds].sort());
    const streamVersion = last.streamVersion.toString();
    const lastPosition = positionToString(last.globalPosition);

    if (current !== undefined && newFacts.length === 0) {
      const next = nextDecisionOn(current.timeline, recordedIds, current.issuedOn);
      tx.statement(
        `UPDATE ${licences} SET stream_version = ?, recorded_ids = ?, next_decision_on = ?, last_position = ? WHERE licence_number = ?`,
      ).run(streamVersion, recordedJson, next, lastPosition, licenceNumber);
      this.remember(memoKey, { ...current, lastPosition, recorded: recordedIds });
      return;
    }

    // New facts in canonical form (sorted keys), appended to the stored canonical JSON text.
    const canonicalFacts = canonicalize(newFacts);
    const added = JSON.stringify(canonicalFacts);
    const factsJson = current ? `${current.factsJson.slice(0, -1)},${added.slice(1)}` : added;
    const facts: LicenceFact[] = current ? [...factsOf(current), ...canonicalFacts] : canonicalFacts;
    const file = buildLicenceFile(facts) as LicenceFile; // holds a LicenceIssued: `issued` above
    const timeline = computeTimeline(file);
    const licenceRow: LicenceRow = {
      licence_number: licenceNumber,
      stream_id: streamId,
      stream_version: streamVersion,
      issued_on: file.issuedOn,
      holder: JSON.stringify(file.holder),
      facts: factsJson,
      file: JSON.stringify(file),
      timeline: JSON.stringify(timeline),
      recorded_ids: recordedJson,
      next_decision_on: nextDecisionOn(timeline, recordedIds, file.issuedOn),
      last_position: lastPosition,
    };
    tx.statement(
      current === undefined
        ? `INSERT INTO ${licences} (licence_number, stream_id, stream_version, issued_on, holder, facts, file, timeline, recorded_ids, next_decision_on, last_position)
           VALUES (@licence_number, @stream_id, @stream_version, @issued_on, @holder, @facts, @file, @timeline, @recorded_ids, @next_decision_on, @last_position)`
        : `UPDATE ${licences} SET stream_id = @stream_id, stream_version = @stream_version, issued_on = @issued_on, holder = @holder,
             facts = @facts, file = @file, timeline = @timeline, recorded_ids = @recorded_ids,
             next_decision_on = @next_decision_on, last_position = @last_position
           WHERE licence_number = @licence_number`,
    ).run(licenceRow);

    // A fact can change any infraction's assessment (a check's cap, a shortened probation), so each
    // is compared with what was written last; none ever disappears from the file.
    const upsertInfraction = tx.statement(
      `INSERT INTO ${tx.table('infractions')} (licence_number, infraction_id, offence_code, offence_class, committed_on, check_id, status, established_on, established_by, points_withdrawn)
       VALUES (@licence_number, @infraction_id, @offence_code, @offence_class, @committed_on, @check_id, @status, @established_on, @established_by, @points_withdrawn)
       ON CONFLICT (licence_number, infraction_id) DO UPDATE SET
         offence_code = excluded.offence_code, offence_class = excluded.offence_class, committed_on = excluded.committed_on,
         check_id = excluded.check_id, status = excluded.status, established_on = excluded.established_on,
         established_by = excluded.established_by, points_withdrawn = excluded.points_withdrawn`,
    );
    const written = new Map<string, InfractionRow>();
    for (const infraction of file.infractions) {
      const row = infractionRow(licenceNumber, infraction);
      written.set(row.infraction_id, row);
      const before = current?.infractions?.get(row.infraction_id);
      if (before === undefined || !sameInfractionRow(before, row)) upsertInfraction.run(row);
    }
    this.remember(memoKey, {
      lastPosition,
      issuedOn: file.issuedOn,
      factsJson,
      facts,
      timeline,
      recorded: recordedIds,
      infractions: written,
    });
  }

  /**
   * The licence as its row holds it, or undefined when there is no row. The memo is used only if
   * the row is still at the position the memo was taken at: a rolled-back batch, a rebuild's swap
   * or another process writing the row make it fall back to the row itself.
   */
  private load(memoKey: string, licenceNumber: string, tx: ReadModelTx): LicenceMemo | undefined {
    const licences = tx.table('licences');
    const memo = this.memo.get(memoKey);
    if (memo) {
      const stored = tx
        .statement<{ last_position: string }>(
          `SELECT last_position FROM ${licences} WHERE licence_number = ?`,
        )
        .get(licenceNumber);
      if (stored?.last_position === memo.lastPosition) return memo;
      this.memo.delete(memoKey);
      if (!stored) return undefined;
    }
    const row = tx
      .statement<LicenceRow>(`SELECT * FROM ${licences} WHERE licence_number = ?`)
      .get(licenceNumber);
    if (!row) return undefined;
    return {
      lastPosition: row.last_position,
      issuedOn: row.issued_on,
      factsJson: row.facts,
      timeline: JSON.parse(row.timeline) as LicenceDecision[],
      recorded: new Set(JSON.parse(row.recorded_ids) as string[]),
    };
  }

  private remember(memoKey: string, memo: LicenceMemo): void {
    this.memo.delete(memoKey); // re-inserted last: the Map's order is the recency order
    this.memo.set(memoKey, memo);
    if (this.memo.size <= this.memoSize) return;
    // The oldest quarter in one pass: dropping one entry at a time from the front of a Map costs a
    // scan over the holes earlier deletions left there.
    let drop = Math.ceil(this.memoSize / 4);
    for (const key of this.memo.keys()) {
      if (drop-- <= 0) break;
      this.memo.delete(key);
    }
  }
}

function sameInfractionRow(a: InfractionRow, b: InfractionRow): boolean {
  for (const key of Object.keys(a) as (keyof InfractionRow)[]) if (a[key] !== b[key]) return false;
  return true;
}

function groupByStream(batch: readonly RecordedEvent[], byStream: Map<string, RecordedEvent[]>): void {
  for (const event of batch) {
    const events = byStream.get(event.streamId);
    if (events) events.push(event);
    else byStream.set(event.streamId, [event]);
  }
}

function factsOf(memo: LicenceMemo): LicenceFact[] {
  memo.facts ??= JSON.parse(memo.factsJson) as LicenceFact[];
  return memo.facts;
}
