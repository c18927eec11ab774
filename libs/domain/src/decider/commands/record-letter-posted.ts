import type { LetterPosted } from '../../events/facts';
import { requireId } from '../input-checks';
import type { RecordLetterPosted } from '../licence-commands';
import type { LicenceState } from '../licence-state';
import { dateSinceIssue, licenceOnRecord } from './licence-on-record';

/** A letter handed to the post. Posting a letter twice records it once: the first posting is the fact. */
export function recordLetterPosted(command: RecordLetterPosted, state: LicenceState): LetterPosted | null {
  const file = licenceOnRecord(state);
  const letterId = requireId('letter id', command.data.letterId);
  const postedOn = dateSinceIssue(file, 'posting date', command.data.postedOn, command.today);
  if (file.postedLetters[letterId] !== undefined) return null;
  return { type: 'LetterPosted', data: { letterId, postedOn } };
}
