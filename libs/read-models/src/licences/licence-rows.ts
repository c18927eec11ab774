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
import { canonicalize } from '../sqlite/canonical-json';
import type { InfractionRow, InfractionStatus, LicenceRow } from './licence-tables';

// The licence read model's logic, whatever database holds it: events in, rows out. The SQLite
// projection (licence.projection.ts) and the PostgreSQL one (postgres/pg-licence.projection.ts) only
// read the current rows and write what this computes, so both stores hold the same bytes.

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

/**
 * What a rebuild holds of an event until its licence is computed: the fields the licence rows are
 * computed from (LicenceRowsComputer reads no metadata and no event id). Held events outlive many
 * batches, so the metadata object they no longer carry is most of the rebuild's memory saved.
 * Shared by the SQLite and the PostgreSQL projections' bulk applies.
 */
export function heldEvent(event: RecordedEvent): RecordedEvent {
  return {
    streamId: event.streamId,
    type: event.type,
    data: event.data,
    globalPosition: event.globalPosition,
    streamVersion: event.streamVersion,
  } as RecordedEvent;
}

/** A batch's events by stream, in log order within each stream (appended to `into` when given). */
export function groupByStream(
  batch: readonly RecordedEvent[],
  into: Map<string, RecordedEvent[]> = new Map(),
): Map<string, RecordedEvent[]> {
  for (const event of batch) {
    const events = into.get(event.streamId);
    if (events) events.push(event);
    else into.set(event.streamId, [event]);
  }
  return into;
}

/** What is known of a licence's stored row: enough to apply the next events without parsing all of it. */
export interface LicenceRowState {
  lastPosition: string;
  issuedOn: CalendarDate;
  /** Canonical JSON of the facts, as stored. */
  factsJson: string;
  /** Parsed from factsJson (canonical key order), when needed once. */
  facts?: LicenceFact[];
  timeline: LicenceDecision[];
  recorded: ReadonlySet<string>;
  /** Each infraction row as last written, when this computer wrote them: unchanged ones are not written again. */
  infractions?: ReadonlyMap<string, InfractionRow>;
}

/** What a licence's new events do to its rows. */
export type LicenceChange =
  /** Only decisions or corrections arrived: what the log holds changed, the timeline did not. */
  | {
      kind: 'recorded';
      licenceNumber: string;
      streamVersion: string;
      /** JSON array, sorted. */
      recordedIds: string;
      nextDecisionOn: CalendarDate | null;
      lastPosition: string;
    }
  /** A fact arrived (or the licence is new): the whole row, and the infraction rows that changed. */
  | { kind: 'facts'; isNew: boolean; row: LicenceRow; infractions: InfractionRow[] };

/**
 * The pure part of the licence projection, shared by both stores: given what a licence's row holds
 * and the licence's new events, the new row and the infraction rows to write. Each licence touched
 * by a batch is recomputed once for the whole batch, and only when a fact arrived: decisions and
 * corrections only change what the log holds (recorded ids, next decision date), which needs no
 * timeline run. Events at or below the row's own last position are skipped as well as the runner's
 * checkpoint, so a row cannot take the same event twice.
 *
 * Determinism (a rebuild writes the same bytes, on either store): facts are stored as canonical
 * JSON (sorted keys) and the file and timeline are always computed from facts in that canonical
 * form, so their JSON.stringify (the domain builds them in a fixed key order) is the same whichever
 * batches brought the facts. Nothing depends on the clock or on batch boundaries.
 *
 * It also remembers (least recently used first out) the state it computed for each row, keyed by
 * the physical table and the licence number, so that the next batch need not parse the row. A
 * writer uses a remembered state only while the stored row is still at its position: a rolled-back
 * batch, a rebuild's swap or another process writing the row make it read the row again.
 */
export class LicenceRowsComputer {
  private readonly memo = new Map<string, LicenceRowState>();

  constructor(
    private readonly memoSize = 10_000,
    private readonly logger: Pick<Logger, 'warn'> = new Logger('LicenceProjection'),
  ) {}

  /** The memo key of a licence in one physical table (live, or a rebuild's shadow). */
  key(physicalTable: string, licenceNumber: string): string {
    return `${physicalTable}\u0000${licenceNumber}`;
  }

  /** The state last computed for this row, not yet checked against the row's stored position. */
  remembered(key: string): LicenceRowState | undefined {
    return this.memo.get(key);
  }

  forget(key: string): void {
    this.memo.delete(key);
  }

  /** The state a stored row holds (its facts are parsed only if a fact arrives). */
  stateOfRow(
    row: Pick<LicenceRow, 'last_position' | 'issued_on' | 'facts' | 'timeline' | 'recorded_ids'>,
  ): LicenceRowState {
    return {
      lastPosition: row.last_position,
      issuedOn: row.issued_on,
      factsJson: row.facts,
      timeline: JSON.parse(row.timeline) as LicenceDecision[],
      recorded: new Set(JSON.parse(row.recorded_ids) as string[]),
    };
  }

  /**
   * What `events` (one licence stream's, in log order) do to the licence's rows, given `current`
   * (undefined when it has no row yet). Null when nothing is to write: events already in the row,
   * or a licence not issued. Remembers the new state under `key`.
   */
  change(
    key: string,
    streamId: string,
    licenceNumber: string,
    events: readonly RecordedEvent[],
    current: LicenceRowState | undefined,
  ): LicenceChange | null {
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
          return null;
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
    if (last === undefined) return null;

    const recordedIds: ReadonlySet<string> = recorded ?? current?.recorded ?? new Set<string>();
    const recordedJson = JSON.stringify([...recordedIds].sort());
    const streamVersion = last.streamVersion.toString();
    const lastPosition = positionToString(last.globalPosition);

    if (current !== undefined && newFacts.length === 0) {
      this.remember(key, { ...current, lastPosition, recorded: recordedIds });
      return {
        kind: 'recorded',
        licenceNumber,
        streamVersion,
        recordedIds: recordedJson,
        nextDecisionOn: nextDecisionOn(current.timeline, recordedIds, current.issuedOn),
        lastPosition,
      };
    }

    // New facts in canonical form (sorted keys), appended to the stored canonical JSON text.
    const canonicalFacts = canonicalize(newFacts);
    const added = JSON.stringify(canonicalFacts);
    const factsJson = current ? `${current.factsJson.slice(0, -1)},${added.slice(1)}` : added;
    const facts: LicenceFact[] = current ? [...factsOf(current), ...canonicalFacts] : canonicalFacts;
    const file = buildLicenceFile(facts) as LicenceFile; // holds a LicenceIssued: `issued` above
    const timeline = computeTimeline(file);
    const row: LicenceRow = {
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

    // A fact can change any infraction's assessment (a check's cap, a shortened probation), so each
    // is compared with what was written last; none ever disappears from the file.
    const written = new Map<string, InfractionRow>();
    const changed: InfractionRow[] = [];
    for (const infraction of file.infractions) {
      const infractionRowNow = infractionRow(licenceNumber, infraction);
      written.set(infractionRowNow.infraction_id, infractionRowNow);
      const before = current?.infractions?.get(infractionRowNow.infraction_id);
      if (before === undefined || !sameInfractionRow(before, infractionRowNow))
        changed.push(infractionRowNow);
    }
    this.remember(key, {
      lastPosition,
      issuedOn: file.issuedOn,
      factsJson,
      facts,
      timeline,
      recorded: recordedIds,
      infractions: written,
    });
    return { kind: 'facts', isNew: current === undefined, row, infractions: changed };
  }

  private remember(key: string, state: LicenceRowState): void {
    this.memo.delete(key); // re-inserted last: the Map's order is the recency order
    this.memo.set(key, state);
    if (this.memo.size <= this.memoSize) return;
    // The oldest quarter in one pass: dropping one entry at a time from the front of a Map costs a
    // scan over the holes earlier deletions left there.
    let drop = Math.ceil(this.memoSize / 4);
    for (const memoKey of this.memo.keys()) {
      if (drop-- <= 0) break;
      this.memo.delete(memoKey);
    }
  }
}

function sameInfractionRow(a: InfractionRow, b: InfractionRow): boolean {
  for (const key of Object.keys(a) as (keyof InfractionRow)[]) if (a[key] !== b[key]) return false;
  return true;
}

function factsOf(state: LicenceRowState): LicenceFact[] {
  state.facts ??= JSON.parse(state.factsJson) as LicenceFact[];
  return state.facts;
}

/**
 * The events of a batch a rebuild holds for the licences: only licence streams' (a LetterIssued
 * carries a whole letter, some 4 KB, and the licences never read it: held by count, 20,000 of them
 * filled the CLI's 160 MB heap on a log of 1 million holders), each without its metadata.
 */
export function heldLicenceEvents(batch: readonly RecordedEvent[]): RecordedEvent[] {
  const held: RecordedEvent[] = [];
  for (const event of batch) if (event.streamId.startsWith(STREAM_PREFIX)) held.push(heldEvent(event));
  return held;
}
