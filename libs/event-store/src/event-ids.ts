import { createHash } from 'node:crypto';

/**
 * Namespace of every event id of the ledger. Fixed forever: changing it would give a retried
 * command new ids, and the store could no longer recognise the retry (CONVENTIONS 5).
 */
export const EVENT_ID_NAMESPACE = '043cae34-3146-4f0e-81fd-9bd932749927';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** RFC 9562 version 5 (name-based, SHA-1) UUID, lower-case as EventStoreDB returns ids. */
export function uuidV5(name: string, namespace: string): string {
  if (!isUuid(namespace)) throw new TypeError(`The namespace "${namespace}" is not a UUID.`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of the `index`-th event a command decides. The same command retried yields the same ids,
 * so the store recognises the retry and appends nothing twice.
 */
export function eventIdFor(commandId: string, index: number): string {
  if (typeof commandId !== 'string' || commandId.length === 0) {
    throw new TypeError('An event id needs a non-empty commandId.');
  }
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new TypeError(`An event index must be a non-negative integer, got ${String(index)}.`);
  }
  return uuidV5(`${commandId}/${index}`, EVENT_ID_NAMESPACE);
}
