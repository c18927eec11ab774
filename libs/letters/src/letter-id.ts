/**
 * A letter's id derives from the id of the event that caused it (CONVENTIONS 7): replaying the
 * log, redelivering a batch or restarting after a crash gives the same id, so the letter cannot be
 * issued twice. Event ids are UUIDs (derived from the commandId), hence `L-<uuid>`.
 */
export const LETTER_ID_PREFIX = 'L-';

const LETTER_ID = /^L-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function letterIdFor(causingEventId: string): string {
  return `${LETTER_ID_PREFIX}${causingEventId.toLowerCase()}`;
}

/** Whether a value has the shape of a letter id (before any lookup, so a path can be refused early). */
export const isLetterId = (value: unknown): value is string =>
  typeof value === 'string' && LETTER_ID.test(value);
