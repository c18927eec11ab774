import type { CivilStatus, LetterPosted, LicenceIssued } from '@ledger/domain';
import { positionToString, type RecordedEvent } from '@ledger/event-store';
import { issuedLetterOf, LETTER_ISSUED, licenceNumberOfLettersStream } from '@ledger/letters';
import { licenceNumberOfStream } from '../licences/licence-rows';
import { canonicalize } from '../sqlite/canonical-json';
import type { LetterHolderRow, LetterPostingRow, LetterRow } from './letters-tables';

/** The rows one batch of the log adds to the letters read model. */
export interface LetterRowsOfBatch {
  /** Keyed by letter_id and inserted with DO NOTHING: a redelivery writes none twice. */
  letters: LetterRow[];
  /** First postings (LetterPosted), keyed by letter_id as well. */
  postings: LetterPostingRow[];
  /** Who holds each licence (LicenceIssued): how the API tells a holder's own letters. */
  holders: LetterHolderRow[];
}

/**
 * The letters read model is a plain projection of what the log recorded (CONVENTIONS 7): each
 * `LetterIssued` is copied as it was issued (its composed letter, its text), each first
 * `LetterPosted` and each licence's holder too. Nothing is recomputed, no licence is folded, so a
 * rebuild writes the very bytes the live projection wrote, and a template or an address changed
 * since leaves them alone. Shared by the SQLite and PostgreSQL projections, which only write rows.
 *
 * A LetterIssued this code cannot show (a template version it does not know) throws: the batch
 * rolls back and the processor stops there, logging it, rather than skip a letter of record.
 */
export function letterRowsOfBatch(batch: readonly RecordedEvent[]): LetterRowsOfBatch {
  const rows: LetterRowsOfBatch = { letters: [], postings: [], holders: [] };
  for (const event of batch) {
    if (event.type === LETTER_ISSUED && licenceNumberOfLettersStream(event.streamId) !== null) {
      rows.letters.push(letterRow(event));
      continue;
    }
    const licenceNumber = licenceNumberOfStream(event.streamId);
    if (licenceNumber === null) continue;
    if (event.type === 'LetterPosted') rows.postings.push(postingRow(event, licenceNumber));
    else if (event.type === 'LicenceIssued') {
      const { holder } = event.data as LicenceIssued['data'];
      rows.holders.push({ licence_number: licenceNumber, holder: holderJson(holder) });
    }
  }
  return rows;
}

const holderJson = (holder: CivilStatus): string => JSON.stringify(canonicalize(holder));

/** The letters stream's revisions number a holder's letters: 1 for the first one issued. */
function letterRow(event: RecordedEvent): LetterRow {
  const { letterId, licenceNumber, issuedOn, causedBy, letter } = issuedLetterOf(event.data);
  return {
    letter_id: letterId,
    licence_number: licenceNumber,
    licence_sequence: Number(event.streamVersion) + 1,
    reference: letter.reference,
    channel: letter.channel,
    issued_on: issuedOn,
    caused_by_event_id: causedBy.eventId,
    caused_by_type: causedBy.type,
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
