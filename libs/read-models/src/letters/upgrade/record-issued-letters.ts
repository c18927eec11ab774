import { licenceStreamId, type CalendarDate } from '@ledger/domain';
import { type EventStore, type NewEvent } from '@ledger/event-store';
import {
  LETTER_ISSUED,
  LETTER_ISSUED_SCHEMA_VERSION,
  LETTER_TEMPLATE_VERSION,
  lettersStreamId,
  type ComposedLetter,
  type LetterIssuedData,
} from '@ledger/letters';
import type { LetterRow } from '../letters-tables';
import { letterIssuedEventId } from '../workflow/letters-workflow';

export const LETTERS_UPGRADE_ACTOR = 'system:letters-upgrade';

export interface LettersUpgradeReport {
  /** Letters found in the read model. */
  letters: number;
  /** LetterIssued events appended now. */
  appended: number;
  /** Letters the log already recorded (a second run, or the workflow got there first). */
  alreadyRecorded: number;
}

/**
 * The LetterIssued that records a letter a previous version kept only in the read model: the very
 * composed letter its row holds (what the holder downloads today, byte for byte), template version
 * 1 (the only one that version had), and the id the workflow would give it, so that the workflow,
 * meeting its decision again, finds it recorded and issues nothing.
 */
export function letterIssuedOfRow(row: LetterRow, today: CalendarDate): NewEvent {
  const letter = JSON.parse(row.content) as ComposedLetter;
  const data: LetterIssuedData = {
    letterId: row.letter_id,
    licenceNumber: row.licence_number,
    issuedOn: row.issued_on,
    causedBy: {
      eventId: row.caused_by_event_id,
      type: row.caused_by_type,
      streamId: licenceStreamId(row.licence_number),
    },
    templateVersion: LETTER_TEMPLATE_VERSION,
    letter,
  };
  return {
    eventId: letterIssuedEventId(row.caused_by_event_id),
    type: LETTER_ISSUED,
    data,
    metadata: {
      actor: LETTERS_UPGRADE_ACTOR,
      commandId: `letters-upgrade:${row.caused_by_event_id}`,
      correlationId: `letters-upgrade:${row.caused_by_event_id}`,
      causationId: row.caused_by_event_id,
      schemaVersion: LETTER_ISSUED_SCHEMA_VERSION,
      recordedOn: today,
    },
  };
}

/**
 * The one-time upgrade of a log written before letters were recorded (CONVENTIONS 7): appends a
 * LetterIssued for each letter row, licence by licence in the order they were issued, one append
 * each, so that a run stopped half-way and run again goes on where it stopped. Run twice, it
 * appends nothing.
 */
export async function recordIssuedLetters(
  store: EventStore,
  rows: readonly LetterRow[],
  today: CalendarDate,
): Promise<LettersUpgradeReport> {
  const report: LettersUpgradeReport = { letters: rows.length, appended: 0, alreadyRecorded: 0 };
  const ordered = [...rows].sort((a, b) =>
    a.licence_number !== b.licence_number
      ? a.licence_number < b.licence_number
        ? -1
        : 1
      : a.licence_sequence - b.licence_sequence,
  );
  for (const row of ordered) {
    const streamId = lettersStreamId(row.licence_number);
    const { currentVersion } = await store.readStream(streamId);
    const { appended } = await store.appendToStream(streamId, currentVersion, [
      letterIssuedOfRow(row, today),
    ]);
    if (appended) report.appended++;
    else report.alreadyRecorded++;
  }
  return report;
}
