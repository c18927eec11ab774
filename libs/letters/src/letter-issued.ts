import { DomainError, isCanonicalLicenceNumber, type CalendarDate } from '@ledger/domain';
import type { ComposedLetter } from './letter';

/**
 * A letter is a record (RULES §6, CONVENTIONS 7): once issued, the log keeps it as a `LetterIssued`
 * event holding the composed letter itself (recipient, address, date, every figure and the words),
 * so that neither a template change, nor an address change, nor a rebuild can rewrite it.
 */
export const LETTER_ISSUED = 'LetterIssued';

/** The shape of `LetterIssued.data`: bump it, add an upcaster and a golden file together. */
export const LETTER_ISSUED_SCHEMA_VERSION = 1;

/**
 * The version of the templates and page layout the letters of this code are composed and drawn
 * with. A stored letter keeps the version it was issued with: the PDF of a version this code does
 * not know is refused (never drawn with other rules), see `issuedLetterOf`.
 */
export const LETTER_TEMPLATE_VERSION = 1;
export const KNOWN_TEMPLATE_VERSIONS: ReadonlySet<number> = new Set([1]);

/** What caused the letter: the decision (or correction) event on the licence's stream. */
export interface LetterCausedBy {
  eventId: string;
  type: string;
  streamId: string;
}

export interface LetterIssuedData {
  letterId: string;
  licenceNumber: string;
  issuedOn: CalendarDate;
  causedBy: LetterCausedBy;
  templateVersion: number;
  /** The letter as composed that day: what is printed, shown and downloaded, forever. */
  letter: ComposedLetter;
}

export interface LetterIssued {
  type: typeof LETTER_ISSUED;
  data: LetterIssuedData;
}

const LETTERS_STREAM_PREFIX = 'letters-';

/**
 * The stream of one licence's letters, beside the licence's own stream rather than in it: the
 * workflow appends there without ever racing the clerks' commands on the licence's expected version,
 * and the stream's revisions number the holder's letters (`licence_sequence`).
 */
export function lettersStreamId(licenceNumber: string): string {
  return `${LETTERS_STREAM_PREFIX}${licenceNumber.replace(/ /g, '_')}`;
}

/** The licence number of a letters stream, or null for any other stream. */
export function licenceNumberOfLettersStream(streamId: string): string | null {
  if (!streamId.startsWith(LETTERS_STREAM_PREFIX)) return null;
  const number = streamId.slice(LETTERS_STREAM_PREFIX.length).replace(/_/g, ' ');
  return isCanonicalLicenceNumber(number) && lettersStreamId(number) === streamId ? number : null;
}

export const LetterRecordErrors = {
  unknownTemplateVersion: (letterId: string, version: unknown) =>
    new DomainError(
      'LETTER.UNKNOWN_TEMPLATE_VERSION',
      'VALIDATION',
      `Letter ${letterId} was issued with template version ${String(version)}, which this version of the ledger ` +
        `does not know (it knows ${[...KNOWN_TEMPLATE_VERSIONS].join(', ')}). Deploy a version that does before ` +
        'printing or showing it: it is never redrawn with other templates.',
      { letterId, templateVersion: version },
    ),
  malformed: (detail: string) =>
    new DomainError(
      'LETTER.MALFORMED_RECORD',
      'VALIDATION',
      `A LetterIssued event is malformed: ${detail}.`,
      {
        detail,
      },
    ),
} as const;

/**
 * The issued letter a `LetterIssued` holds, checked: its template version is one this code can
 * draw, and its parts are there. Throws a coded error otherwise, so the caller stops loudly.
 */
export function issuedLetterOf(data: unknown): LetterIssuedData {
  const record = data as Partial<LetterIssuedData> | null;
  if (record === null || typeof record !== 'object') throw LetterRecordErrors.malformed('no data');
  if (typeof record.letterId !== 'string') throw LetterRecordErrors.malformed('no letterId');
  if (!KNOWN_TEMPLATE_VERSIONS.has(record.templateVersion as number))
    throw LetterRecordErrors.unknownTemplateVersion(record.letterId, record.templateVersion);
  const letter = record.letter;
  if (
    !letter ||
    typeof letter !== 'object' ||
    !Array.isArray(letter.lines) ||
    letter.letterId !== record.letterId
  )
    throw LetterRecordErrors.malformed(`letter ${record.letterId} holds no composed letter of its own`);
  return record as LetterIssuedData;
}
