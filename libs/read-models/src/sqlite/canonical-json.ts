/**
 * A deep copy of JSON data with every object's keys in sorted order (members that are undefined
 * are left out, as JSON.stringify does). Data built in different key orders (a row recomputed live,
 * batch after batch, and the same row rebuilt from zero; or events returned by another store
 * adapter) becomes the same value, so its JSON is the same bytes.
 */
export function canonicalize<T>(value: T): T {
  return copy(value) as T;
}

/** JSON with object keys in sorted order: the same value always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  const json = JSON.stringify(copy(value));
  if (json === undefined) throw new TypeError(`Cannot write ${typeof value} as JSON.`);
  return json;
}

/** Sorted key lists, by the object's own key list: data of one event type share a few shapes. */
const sortedKeys = new Map<string, string[]>();
const MAX_SHAPES = 10_000;

function keysOf(record: object): string[] {
  const keys = Object.keys(record);
  const shape = keys.join('\u0000');
  let sorted = sortedKeys.get(shape);
  if (!sorted) {
    sorted = keys.sort();
    if (sortedKeys.size < MAX_SHAPES) sortedKeys.set(shape, sorted);
  }
  return sorted;
}

function copy(value: unknown): unknown {
  if (typeof value === 'bigint') {
    // Positions and versions are strings at every boundary (CONVENTIONS 4): a bigint here is a bug.
    throw new TypeError('A bigint cannot be written as JSON: convert it to a decimal string first.');
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy);
  const record = value as Record<string, unknown>;
  if (typeof (record as { toJSON?: unknown }).toJSON === 'function')
    return copy((record as { toJSON(): unknown }).toJSON());
  const out: Record<string, unknown> = {};
  for (const key of keysOf(record)) {
    const member = record[key];
    if (member !== undefined) out[key] = copy(member);
  }
  return out;
}
