import { hash } from 'node:crypto';

/**
 * Namespace of every event id of the ledger. Fixed forever: changing it would give a retried
 * command new ids, and the store could no longer recognise the retry (CONVENTIONS 5).
 */
export const EVENT_ID_NAMESPACE = '043cae34-3146-4f0e-81fd-9bd932749927';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The bytes of each namespace seen, parsed once: the ledger hashes under one namespace only. */
const namespaceBytes = new Map<string, Buffer>();

function bytesOf(namespace: string): Buffer {
  let bytes = namespaceBytes.get(namespace);
  if (bytes === undefined) {
    if (!isUuid(namespace)) throw new TypeError(`The namespace "${namespace}" is not a UUID.`);
    bytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    if (namespaceBytes.size < 16) namespaceBytes.set(namespace, bytes);
  }
  return bytes;
}

/** The variant nibble of byte 8 (RFC variant: 10xx), by the hash's nibble there. */
const VARIANT = '89ab89ab89ab89ab';

/** RFC 9562 version 5 (name-based, SHA-1) UUID, lower-case as EventStoreDB returns ids. */
export function uuidV5(name: string, namespace: string): string {
  const space = bytesOf(namespace);
  const input = Buffer.allocUnsafe(16 + Buffer.byteLength(name, 'utf8'));
  space.copy(input, 0);
  input.write(name, 16, 'utf8');
  // One-shot hash (no Hash object): the first 16 bytes, as 32 lower-case hex digits.
  const hex = hash('sha1', input, 'hex');
  // Version 5 in the high nibble of byte 6 (hex digit 12); the variant in byte 8 (hex digit 16).
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${VARIANT[parseInt(hex[16], 16)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
