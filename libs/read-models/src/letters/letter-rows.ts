import {
  DECISION_TYPES,
  type CivilStatus,
  type DecisionReversed,
  type LetterPosted,
  type LicenceDecision,
  type LicenceFact,
  type LicenceIssued,
} from '@ledger/domain';
import { parsePosition, positionToString, type RecordedEvent } from '@ledger/event-store';
import { composeLetter, letterIdFor } from '@ledger/letters';
import { licenceNumberOfStream } from '../licences/licence-rows';
import { canonicalize } from '../sqlite/canonical-json';
import { issuedOnOf } from './issued-on';
import { letterInputFor } from './letter-input';
import { remember, type LetterLicenceMemory, type Movement } from './letter-licence-memory';
import type { LetterLicenceRow, LetterPostingRow, LetterRow } from './letters-tables';

const DECISIONS: ReadonlySet<string> = new Set(DECISION_TYPES);

/** What one stream's events of a batch change in the letters read model. */
export interface LetterStreamChange {
  /** The licence's memory after the events, to insert (`isNew`) or update. */
  memory: LetterLicenceMemory;
  isNew: boolean;
  /** New letters, in issue order; inserted keyed by letter_id, so a redelivery writes none twice. */
  letters: LetterRow[];
  /** First postings (LetterPosted), keyed by letter_id as well. */
  postings: LetterPostingRow[];
}

/**
 * The letter workflow's computation, shared by the SQLite and PostgreSQL projections so that both
 * write the same rows byte for byte: given what the workflow remembers of a licence and the next
 * events of its stream, the letters they call for (RULES §6) and the new memory. Pure: the stores
 * only load the memory and write the result in the runner's transaction.
 *
 * Events at or below the memory's last position are skipped, so a batch given twice issues nothing
 * twice. Returns null when nothing changes (a stream that is not a licence's, events already applied,
 * or events of a licence not issued yet).
 */
export function letterChangeOfStream(
  streamId: string,
  events: readonly RecordedEvent[],
  stored: LetterLicenceMemory | undefined,
  warn: (message: string) => void,
): LetterStreamChange | null {
  const licenceNumber = licenceNumberOfStream(streamId);
  if (licenceNumber === null) return null;
  let memory = stored;
  const appliedUpTo = memory ? parsePosition(memory.lastPosition) : 0n;
  const change: Omit<LetterStreamChange, 'memory'> = { isNew: memory === undefined, letters: [], postings: [] };
  let touched = false;

  for (const event of events) {
    if (event.globalPosition <= appliedUpTo) continue;
    if (!memory) {
      if (event.type !== 'LicenceIssued') continue; // nothing happens to a licence not issued
      const issued = event.data as LicenceIssued['data'];
      if (issued.licenceNumber !== licenceNumber) {
        warn(`${streamId}: LicenceIssued for ${String(issued.licenceNumber)} ignored (not this stream's licence).`);
        return null;
      }
      memory = {
        licenceNumber,
        streamId,
        holder: issued.holder,
        facts: [],
        movements: [],
        lettersIssued: 0,
        lastPosition: '0',
      };
    }
    touched = true;
    memory.lastPosition = positionToString(event.globalPosition);
    const data = canonicalize(event.data);
    const reversed = remember(memory, event.type, data);
    if (event.type === 'LetterPosted') change.postings.push(postingRow(event, licenceNumber));
    else if (DECISIONS.has(event.type) || event.type === 'DecisionReversed') {
      const letter = letterRow(event, data, memory, reversed);
      if (letter) change.letters.push(letter);
    }
  }
  return memory && touched ? { memory, ...change } : null;
}

/** The letter the event calls for, if any, keyed by the id derived from the event. */
function letterRow(
  event: RecordedEvent,
  data: unknown,
  memory: LetterLicenceMemory,
  reversed: Movement | undefined,
): LetterRow | null {
  const letterId = letterIdFor(event.eventId);
  const input = letterInputFor({ type: event.type, data } as LicenceDecision | DecisionReversed, memory, {
    letterId,
    issuedOn: issuedOnOf(event.metadata),
    reversed,
  });
  if (input === null) return null;
  const letter = composeLetter(input);
  memory.lettersIssued += 1;
  return {
    letter_id: letterId,
    licence_number: memory.licenceNumber,
    licence_sequence: memory.lettersIssued,
    reference: letter.reference,
    channel: letter.channel,
    issued_on: letter.issuedOn,
    caused_by_event_id: event.eventId,
    caused_by_type: event.type,
    content: JSON.stringify(letter),
    text: letter.lines.join('\n'),
    global_position: positionToString(event.globalPosition),
  };
}

/** The first posting is the fact; a second one (the decider records none) would change nothing. */
function postingRow(event: RecordedEvent, licenceNumber: string): LetterPostingRow {
  const { letterId, postedOn } = event.data as LetterPosted['data'];
  return {
    letter_id: letterId,
    licence_number: licenceNumber,
    posted_on: postedOn,
    global_position: positionToString(event.globalPosition),
  };
}

export function memoryOfRow(row: LetterLicenceRow): LetterLicenceMemory {
  return {
    licenceNumber: row.licence_number,
    streamId: row.stream_id,
    holder: JSON.parse(row.holder) as CivilStatus,
    facts: JSON.parse(row.facts) as LicenceFact[],
    movements: JSON.parse(row.movements) as Movement[],
    lettersIssued: row.letters_issued,
    lastPosition: row.last_position,
  };
}

export function rowOfMemory(memory: LetterLicenceMemory): LetterLicenceRow {
  return {
    licence_number: memory.licenceNumber,
    stream_id: memory.streamId,
    holder: JSON.stringify(canonicalize(memory.holder)),
    facts: JSON.stringify(memory.facts),
    movements: JSON.stringify(memory.movements),
    letters_issued: memory.lettersIssued,
    last_position: memory.lastPosition,
  };
}
